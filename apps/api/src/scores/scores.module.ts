import { Module } from '@nestjs/common';
import { ContestCatalog } from './contest-catalog';
import { ScoreKeeper } from './score-keeper';
import { ScoreVerifier } from './score-verifier';
import { ScoresController } from './scores.controller';

@Module({
  controllers: [ScoresController],
  providers: [ContestCatalog, ScoreKeeper, ScoreVerifier],
  exports: [ContestCatalog, ScoreKeeper, ScoreVerifier],
})
export class ScoresModule {}
