import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** The fields an audit row's hash covers: everything but its own id and hash. */
export interface AuditContent {
  instanceId: string;
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  /** ISO-8601 with milliseconds; both databases keep at least that precision. */
  at: string;
  comment: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the row, which includes the previous row's hash.
 * Canonical form matters: PostgreSQL's jsonb reorders keys, so plain JSON.stringify would not
 * reproduce the hash after a round trip.
 */
export function auditHash(content: AuditContent): string {
  const json = canonicalize(content);
  if (json === undefined) throw new Error('audit content is not serialisable');
  return createHash('sha256').update(json, 'utf8').digest('hex');
}
