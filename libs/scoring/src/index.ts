// @arena/scoring — SPEC §3 as pure functions over exact decimals. No framework, no Node-only
// APIs: the same code scores on the server and previews in the browser.
export type * from './types';
export { ScoringDecimal, decimalString, roundPoints, toDecimal, toPointsNumber } from './decimal';
export { isValidTimeZone, localDay } from './local-day';
export { compareActivities } from './order';
export { multiplierAt, windowAppliesTo } from './multipliers';
export { isWithinContest, ruleFor, ruleUsageOf, scoreActivity } from './score-activity';
export { breakdownOf, totalPointsOf } from './breakdown';
export { scoreParticipant } from './score-participant';
export { createRepScorer, type RepScorer } from './rep-scorer';
export { aggregateTeam } from './team';
export { compareNames, goalReached, rankEntries } from './ranking';
export { evaluateAchievements } from './achievements';
export type {
  AchievementInput,
  AchievementParticipant,
  AchievementRow,
  EarnedAchievement,
} from './achievements';
