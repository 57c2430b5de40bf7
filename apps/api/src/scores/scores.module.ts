import { Module } from '@nestjs/common';
import { BoardCounts } from './board-counts';
import { ContestCatalog } from './contest-catalog';
import { ScoreKeeper } from './score-keeper';
import { ScoreVerifier } from './score-verifier';
import { ScoresController } from './scores.controller';

@Module({
  controllers: [ScoresController],
  providers: [BoardCounts, ContestCatalog, ScoreKeeper, ScoreVerifier],
  exports: [BoardCounts, ContestCatalog, ScoreKeeper, ScoreVerifier],
})
export class ScoresModule {}
