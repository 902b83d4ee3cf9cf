import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { WorkflowInstance } from './workflow-instance.entity';

/**
 * One accepted workflow event. Append-only: no code path updates or deletes these rows, and each
 * row's hash (an HMAC under a key outside the database) covers its content and its predecessor's
 * hash, so an edit anywhere breaks the chain and cannot be re-sealed without the key.
 */
@Entity({ tableName: 'audit_event' })
@Unique({ properties: ['instance', 'seq'] })
// A date range of /audit, newest first: its page's ids are read from this index alone.
@Index({ name: 'audit_event_at_id_index', properties: ['at', 'id'] })
// A person's events of a period (the recommender's decisions this month, /audit by person): a
// range of this index, newest last, with the event type read from the index alone.
@Index({ name: 'audit_event_actor_id_at_index', properties: ['actorId', 'at', 'eventType'] })
// The return rate's scan of a period's review decisions (src/stats) reads this index alone.
@Index({
  name: 'audit_event_event_type_at_index',
  properties: ['eventType', 'at', 'instance'],
})
export class AuditEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id: string;

  @ManyToOne({ entity: () => WorkflowInstance })
  instance: WorkflowInstance;

  @Property({ type: 'integer' })
  seq: number;

  @Property({ type: 'string', length: 64 })
  eventType: string;

  @Property({ type: 'string', length: 64, nullable: true })
  fromState: string | null;

  @Property({ type: 'string', length: 64 })
  toState: string;

  @Property({ type: 'string', length: 64 })
  actorId: string;

  @Property({ type: 'string', length: 32 })
  actorRole: string;

  @Property({ type: t.datetime })
  at: Date;

  @Property({ type: 'text', nullable: true })
  comment: string | null;

  @Property({ type: 'json' })
  payload: Record<string, unknown>;

  @Property({ type: 'string', length: 64, nullable: true })
  prevHash: string | null;

  @Property({ type: 'string', length: 64 })
  hash: string;

  /**
   * The key the hash is an HMAC under (see AuditKeyring); null for rows written before keys
   * existed, whose hash is the legacy unkeyed SHA-256.
   */
  @Property({ type: 'string', length: 32, nullable: true })
  keyId: string | null = null;

  /** `hmac-sha256` or `hmac-sm3`; null for legacy rows. */
  @Property({ type: 'string', length: 16, nullable: true })
  hashAlg: string | null = null;
}
