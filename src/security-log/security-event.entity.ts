import { Entity, Index, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import type { SecurityEventKind } from './security-event-kinds';

/**
 * One entry of the security log (等保2.0 安全审计): a login, a refusal, an account change, an
 * export of unpublished data. Append-only like audit_event, and one hash chain over the whole
 * table (seq 1..n), so a removed or edited entry breaks it. Kept for good: nothing deletes rows,
 * which more than meets the six months the assessment asks for.
 */
@Entity({ tableName: 'security_event' })
@Unique({ properties: ['seq'] })
@Index({ properties: ['at'] })
@Index({ properties: ['kind', 'at'] })
@Index({ properties: ['actorId', 'at'] })
export class SecurityEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  /** Position in the chain; unique, so two writers racing for the same place cannot both win. */
  @Property({ type: 'integer' })
  seq: number;

  @Property({ type: t.datetime })
  at: Date;

  @Property({ type: 'string', length: 48 })
  kind: SecurityEventKind;

  /** The signed-in user who acted, when there is one. */
  @Property({ type: 'string', length: 64, nullable: true })
  actorId: string | null;

  /** The user name as typed (for failed logins) or the account acted upon. */
  @Property({ type: 'string', length: 64, nullable: true })
  username: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  clientIp: string | null;

  @Property({ type: 'json' })
  detail: Record<string, unknown>;

  @Property({ type: 'string', length: 128, nullable: true })
  prevHash: string | null;

  @Property({ type: 'string', length: 128 })
  hash: string;

  /** The audit key the hash is an HMAC under (see AuditKeyring); null: legacy unkeyed SHA-256. */
  @Property({ type: 'string', length: 32, nullable: true })
  keyId: string | null = null;

  /** `hmac-sha256` or `hmac-sm3`; null for legacy rows. */
  @Property({ type: 'string', length: 16, nullable: true })
  hashAlg: string | null = null;
}
