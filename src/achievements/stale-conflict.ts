import type { AuthUser } from '../access/auth-user';
import { ConflictError } from '../common/domain-errors';
import { formatDateTime } from '../common/shanghai-time';
import { canSeeAllScores } from './achievement-access';
import { EVENT_LABELS, STATE_LABELS } from './achievement-labels';

/** What the runner reports about the transition that made an event stale. */
export interface LastChange {
  eventType: string;
  actorId: string;
  actorRole: string;
  at: string;
}

/**
 * Rewrites the runner's stale-version conflict into a sentence that says who did what and when,
 * so a person who did it themselves (in another tab) is not told that "someone else" did. Experts
 * stay anonymous to people outside the office, as in the item's history.
 */
export function explainStale(
  err: ConflictError,
  user: AuthUser,
  nameOf: (id: string) => string | undefined,
): ConflictError {
  const last = err.details.lastChange as LastChange | undefined;
  if (!last) return err;
  const event = EVENT_LABELS[last.eventType as keyof typeof EVENT_LABELS] ?? '办理';
  const state = STATE_LABELS[err.details.state as keyof typeof STATE_LABELS];
  const when = formatDateTime(last.at);
  const now = state ? `,当前状态为「${state}」` : '';
  let message: string;
  if (last.actorId === user.id) {
    message = `您已于 ${when} 在其他页面执行了「${event}」${now}。本页面已过期,请刷新后再操作`;
  } else {
    const who =
      last.actorId === 'system'
        ? '系统'
        : last.actorRole === 'expert' && !canSeeAllScores(user)
          ? '评审专家'
          : (nameOf(last.actorId) ?? '其他用户');
    message = `${who}已于 ${when} 执行了「${event}」${now}。请刷新页面查看后再操作`;
  }
  return new ConflictError(message, err.details);
}
