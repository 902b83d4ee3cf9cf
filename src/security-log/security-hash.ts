import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/** The fields a security entry's hash covers: everything but its own id and hash. */
export interface SecurityContent {
  seq: number;
  /** ISO-8601 with milliseconds. */
  at: string;
  kind: string;
  actorId: string | null;
  username: string | null;
  clientIp: string | null;
  detail: Record<string, unknown>;
  prevHash: string | null;
}

/**
 * The legacy, unkeyed construction (as the audit chain's): SHA-256 of the RFC 8785 canonical JSON.
 * Entries are now sealed with an HMAC under the audit key (AuditKeyring); this only checks entries
 * written before keys existed.
 */
export function securityHash(content: SecurityContent): string {
  const json = canonicalize(content);
  if (json === undefined) throw new Error('security entry is not serialisable');
  return createHash('sha256').update(json, 'utf8').digest('hex');
}
