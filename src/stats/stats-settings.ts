import type { RankingWeights } from './stats-math';

/** Annual targets and the league table's weights; admin-editable, these are the defaults. */
export interface StatsSettings {
  targets: { libraryEntries: number; landmarkResults: number };
  weights: RankingWeights;
}

export const DEFAULT_STATS_SETTINGS: StatsSettings = {
  targets: { libraryEntries: 100, landmarkResults: 20 },
  // Landmark results (the annual list) weigh less than library entries: they are a handful a year
  // and the list is issued once, so a heavier weight would let one pick swing the table.
  weights: { libraryEntries: 35, published: 25, landmark: 15, discipline: 25 },
};
