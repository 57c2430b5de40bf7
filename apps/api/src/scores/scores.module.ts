import { Module } from '@nestjs/common';
import { ScoreKeeper } from './score-keeper';
import { ScoreVerifier } from './score-verifier';
import { ScoresController } from './scores.controller';

@Module({
  controllers: [ScoresController],
  providers: [ScoreKeeper, ScoreVerifier],
  exports: [ScoreKeeper, ScoreVerifier],
})
export class ScoresModule {}
