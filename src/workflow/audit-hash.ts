import canonicalize from 'canonicalize';
import { createHash, createHmac } from 'node:crypto';
import type { AuditAlgorithm } from '../config/app-config';

/** The fields an audit row's hash covers: everything but its own id, hash and key. */
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

/** How a row of a hash-chained store was sealed: `hmac-sha256` or `hmac-sm3`; null for legacy rows. */
export type SealAlgorithm = `hmac-${AuditAlgorithm}`;

/** The MAC a row carries, with the key and algorithm it was made with (both kept in the row). */
export interface Seal {
  keyId: string | null;
  alg: SealAlgorithm | null;
  hash: string;
}

export function canonicalJson(content: unknown): string {
  const json = canonicalize(content);
  if (json === undefined) throw new Error('audit content is not serialisable');
  return json;
}

/**
 * The legacy, unkeyed hash: SHA-256 over the RFC 8785 canonical JSON of the row, which includes
 * the previous row's hash. Rows written before keys existed (key id null) were sealed with it and
 * still verify with it; nothing writes it any more, since anyone can recompute it.
 * Canonical form matters: PostgreSQL's jsonb reorders keys, so plain JSON.stringify would not
 * reproduce the hash after a round trip.
 */
export function auditHash(content: AuditContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** A plain digest with the configured algorithm (the checkpoint's published fingerprint). */
export function digest(algorithm: AuditAlgorithm, data: string): string {
  return createHash(algorithm).update(data, 'utf8').digest('hex');
}

/**
 * A keyed row hash: HMAC over the canonical JSON of the content together with the key id and
 * algorithm (so neither can be swapped in the row without breaking it). Without the key, which
 * is never in the database, nobody can make a hash that verifies.
 */
export function keyedHash(
  content: object,
  key: { id: string; secret: Buffer },
  alg: SealAlgorithm,
): string {
  const json = canonicalJson({ ...content, keyId: key.id, alg });
  return createHmac(alg.slice('hmac-'.length), key.secret).update(json, 'utf8').digest('hex');
}

/** An HMAC over any JSON value (checkpoint signatures). */
export function signJson(value: unknown, secret: Buffer, alg: SealAlgorithm): string {
  return createHmac(alg.slice('hmac-'.length), secret)
    .update(canonicalJson(value), 'utf8')
    .digest('hex');
}
