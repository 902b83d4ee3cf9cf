import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { ActorRole } from '../../workflows/actor';
import { hasRole, type AuthUser } from '../access/auth-user';
import { ConflictError } from '../common/domain-errors';
import type { VerificationVisit } from './verification-visit.entity';

/** The state in which an item is verified on site. */
export const STATE = 'onSiteVerification';
const DAY_MS = 24 * 60 * 60_000;

/** The instant a visit day ends in Asia/Shanghai. */
export function endOfDay(day: string): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS);
}

/** The report as recorded: what its hash covers, in the audit row and the view alike. */
export function reportOf(visit: VerificationVisit) {
  return {
    visitId: visit.id,
    visitDate: visit.visitDate,
    place: visit.place,
    team: visit.team.map((m) => m.userId),
    checklist: visit.checklist,
    narrative: visit.narrative,
    conclusion: visit.conclusion,
    photos: visit.photos,
    reportedBy: visit.reportedBy?.id ?? null,
    reportedAt: visit.reportedAt?.toISOString() ?? null,
  };
}

/**
 * SHA-256 over the canonical JSON (RFC 8785) of the report, so the audit names exactly this report
 * and the hash survives PostgreSQL's jsonb key reordering.
 */
export function reportHash(report: Record<string, unknown>): string {
  const keys = [
    'visitId',
    'visitDate',
    'place',
    'team',
    'checklist',
    'narrative',
    'conclusion',
    'photos',
    'reportedBy',
    'reportedAt',
  ];
  const json = canonicalize(Object.fromEntries(keys.map((k) => [k, report[k] ?? null])))!;
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

export function onTeam(visit: VerificationVisit | null, user: AuthUser): boolean {
  return !!visit && visit.team.some((m) => m.userId === user.id);
}

export function teamRole(user: AuthUser): ActorRole {
  return hasRole(user, 'officeStaff') ? 'officeStaff' : 'expert';
}

export function assertState(state: string): void {
  if (state !== STATE) throw new ConflictError('该成果不在现场核查阶段', { state });
}
