import { hasRole, type AuthUser } from '../access/auth-user';
import type { AuditView } from '../workflow/audit.service';
import { canSeeAllScores } from './achievement-access';

/** Audit rows that name experts or carry panel data; outsiders see them without either. */
const EXPERT_IDENTITY_EVENTS = [
  'PASS_ELIGIBILITY',
  'ASSIGN_PANEL',
  'RECUSE',
  'OPEN_SECOND_ROUND',
  'CONFLICT_CLEARED',
  'CONFLICT_CONFIRMED',
];
/** Audit rows that carry one expert's sheet: only its author and the office read them. */
const SHEET_EVENTS = ['SUBMIT_SCORE', 'REVISE_SCORE'];

/**
 * An item's audit trail as this user may read it. Blind scoring: other experts' sheets are not
 * shown to anyone outside the office, and nobody outside it learns who sits on the panel. The unit
 * and its recommenders see that sheets came in (not from whom); an expert sees their own sheets
 * only, not when a colleague scored, save the anonymous row of the sheet that closed the panel,
 * since the item moved on with it.
 */
export function historyFor(user: AuthUser, rows: AuditView[]): AuditView[] {
  if (canSeeAllScores(user)) return rows;
  const expert = hasRole(user, 'expert');
  return rows.flatMap((row): AuditView[] => {
    const own = row.actorId === user.id;
    if (SHEET_EVENTS.includes(row.eventType) && !own) {
      if (expert && row.fromState === row.toState) return [];
      return [{ ...row, payload: {}, comment: null, actorId: '' }];
    }
    if (EXPERT_IDENTITY_EVENTS.includes(row.eventType)) {
      const { scoring } = row.payload;
      const actorId = row.actorRole === 'expert' && !own ? '' : row.actorId;
      // An expert keeps the reason of their own recusal, never the names it brought in.
      const comment = own ? row.comment : null;
      return [{ ...row, actorId, payload: scoring ? { scoring } : {}, comment }];
    }
    return [row];
  });
}
