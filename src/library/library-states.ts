import type { AchievementState } from '../../workflows/achievement.machine';

/**
 * The states of an item that is in the library (published items stay in it): what the library
 * lists and what an edition may take. One list, so the library and the releases agree. Typed as
 * strings so a stored state (a string) can be tested against it; `satisfies` keeps the names real.
 */
export const LIBRARY_STATES: readonly string[] = [
  'inLibrary',
  'published',
] satisfies AchievementState[];
