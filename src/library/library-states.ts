import type { AchievementState } from '../../workflows/achievement.machine';
import { ConflictError } from '../common/domain-errors';

/**
 * The states of an item that is in the library (published items stay in it): what the library
 * lists and what an edition may take. One list, so the library and the releases agree. Typed as
 * strings so a stored state (a string) can be tested against it; `satisfies` keeps the names real.
 */
export const LIBRARY_STATES: readonly string[] = [
  'inLibrary',
  'published',
] satisfies AchievementState[];

/** A record on a library item is refused once the item has left the library (in the same transaction). */
export function assertInLibrary(state: string): void {
  if (!LIBRARY_STATES.includes(state)) throw new ConflictError('该成果已不在成果库中', { state });
}
