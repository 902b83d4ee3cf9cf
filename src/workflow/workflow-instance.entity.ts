import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';

/**
 * The persisted state of one running machine. Only WorkflowRunner writes these rows, always with
 * an UPDATE conditional on `version` and an audit row in the same transaction.
 */
@Entity({ tableName: 'workflow_instance' })
@Index({ properties: ['definition', 'state'] })
// Lists filter on the state alone (the public catalogue: published); without it they scan every snapshot.
@Index({ properties: ['state'] })
// A batch's items; with the id, the month's collection status joins them to their achievements
// off this index alone (CollectionStatusRepository).
@Index({ properties: ['definition', 'batchKey', 'id'] })
// The console's worklists page each state's items by their last event (WorklistRepository).
@Index({ properties: ['definition', 'state', 'updatedAt', 'id'] })
// The statistics' process report: items still waiting in a batch that has closed, without reading
// the snapshot rows of the state's items whose batch is still open.
@Index({ properties: ['definition', 'state', 'batchKey'] })
export class WorkflowInstance {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  /** Machine id, e.g. `achievement`. */
  @Property({ type: 'string', length: 64 })
  definition: string;

  @Property({ type: 'integer' })
  definitionVersion: number;

  /** The public state name, projected from the snapshot for querying. */
  @Property({ type: 'string', length: 64 })
  state: string;

  /**
   * The batch the instance belongs to (for achievements, the collection month it was reported
   * in), projected from the snapshot so that cycles and statistics can query it.
   */
  @Property({ type: 'string', length: 32, nullable: true })
  batchKey: string | null = null;

  @Property({ type: 'json' })
  snapshot: Record<string, unknown>;

  /** Row version: 1 on creation, +1 per accepted event; equals the last audit seq. */
  @Property({ type: 'integer' })
  version: number;

  @Property({ type: t.datetime })
  createdAt: Date;

  @Property({ type: t.datetime })
  updatedAt: Date;
}
