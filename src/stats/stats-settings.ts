import type { RankingWeights } from './stats-math';

/** Annual targets and the league table's weights; admin-editable, these are the defaults. */
export interface StatsSettings {
  targets: { libraryEntries: number; landmarkResults: number };
  weights: RankingWeights;
}

export const DEFAULT_STATS_SETTINGS: StatsSettings = {
  targets: { libraryEntries: 100, landmarkResults: 20 },
  weights: { libraryEntries: 40, published: 30, discipline: 30 },
};
