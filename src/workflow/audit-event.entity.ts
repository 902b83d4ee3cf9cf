import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { WorkflowInstance } from './workflow-instance.entity';

/**
 * One accepted workflow event. Append-only: no code path updates or deletes these rows, and each
 * row's hash covers its content and its predecessor's hash, so an edit anywhere breaks the chain.
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
}
