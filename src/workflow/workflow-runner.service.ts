import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { Knex, SqlEntityManager } from '@mikro-orm/knex';
import { emOf, type Tx } from '../database/tx';
import { createActor, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import type { ActorRole, WorkflowActor } from '../../workflows/actor';
import { Clock } from '../common/clock';
import { isPostgres } from '../database/dialect';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-errors';
import type { AuditContent } from './audit-hash';
import { AuditKeyring } from './audit-keyring';
import { describeMachine } from './machine-description';
import { AuditEvent } from './audit-event.entity';
import {
  SNAPSHOT_MIGRATED_EVENT,
  migrateSnapshot,
  SnapshotTooNewError,
} from './snapshot-migration';
import type { WorkflowDefinition, WorkflowEventInput } from './workflow-definition';
import { WorkflowInstance } from './workflow-instance.entity';

/**
 * The runner's own statements, written out rather than built by the query builder or the unit of
 * work: they run on every transition, and building them cost more CPU than executing them.
 */
interface RunnerSql {
  /** Loads the row and the hash of its last audit row (see lock()). */
  lock: string;
  /** A datetime as the ORM stores it: epoch milliseconds on SQLite, timestamptz on PostgreSQL. */
  datetime(at: Date): number | string;
}

const LOCK_SELECT =
  'select w.id, w.definition_version, w.state, w.snapshot, w.version, (select a.hash from audit_event a where a.instance_id = w.id and a.seq = w.version) as prev_hash from workflow_instance w where w.id = ? and w.definition = ?';

const SQLITE_SQL: RunnerSql = {
  // SQLite serialises writers itself; it has no row locks.
  lock: LOCK_SELECT,
  datetime: (at) => at.getTime(),
};

const POSTGRES_SQL: RunnerSql = {
  lock: `${LOCK_SELECT} for update of w`,
  datetime: (at) => at.toISOString(),
};

/** The instance columns a step may change besides version and updated_at. */
const CHANGE_COLUMNS = [
  ['snapshot', 'snapshot'],
  ['state', 'state'],
  ['batchKey', 'batch_key'],
  ['definitionVersion', 'definition_version'],
] as const;

/** The columns of a locked instance row the runner reads. */
type InstanceRow = Pick<
  WorkflowInstance,
  'id' | 'definitionVersion' | 'state' | 'snapshot' | 'version'
>;

/**
 * A locked instance row and the hash its next audit row chains to. Plain data, not a managed
 * entity: the runner writes the row itself (conditional UPDATE), so the unit of work has nothing
 * to track or diff at the listeners' flushes, and a managed copy would hold the pre-transition
 * values that such a flush could write back.
 */
interface LockedInstance {
  row: InstanceRow;
  prevHash: string;
}

export interface TransitionResult {
  id: string;
  fromState: string;
  state: string;
  version: number;
  snapshot: SnapshotFrom<AnyStateMachine>;
  auditSeq: number;
}

/** Runs inside the runner's transaction after a transition, for writes that must commit with it. */
export type TransitionHook = (tx: TransitionTx, result: TransitionResult) => Promise<void>;

/**
 * The transaction a hook or listener runs in: a Tx to hand to repositories (ADR 0009), never
 * queried by the listener itself.
 */
export type TransitionTx = Tx;

/**
 * Runs inside the runner's transaction after every transition of one workflow, whoever sent the
 * event: for features whose records must follow the machine (a checklist on entering a state,
 * assignments following a panel) without every sender having to remember them.
 */
export type TransitionListener = (
  tx: TransitionTx,
  result: TransitionResult,
  input: WorkflowEventInput,
) => Promise<void>;

/** A reaction to a workflow's transitions, declared by name in src/workflow-reactions.ts. */
export interface DeclaredReaction {
  name: string;
  workflow: string;
  react: TransitionListener;
}

export interface SendOptions {
  expectedVersion?: number;
  afterTransition?: TransitionHook;
  /**
   * The caller's transaction, for several sends that must commit or roll back together (an
   * edition issuing all its items). The send runs in a savepoint of it: the lock, the conditional
   * version update and the audit row are the same, and a later failure of the caller undoes them.
   */
  em?: Tx;
}

/**
 * The only code that loads and saves workflow state. Per event: load the row, restore the actor,
 * check the sender may act, send, and if the machine moved, save snapshot + version + audit row in
 * one transaction. The UPDATE is conditional on the version read, so of two concurrent senders
 * exactly one wins and the other gets a 409.
 */
@Injectable()
export class WorkflowRunner {
  private readonly listeners = new Map<string, TransitionListener[]>();
  private declared: readonly DeclaredReaction[] | null = null;
  private sql: RunnerSql | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly keyring: AuditKeyring,
  ) {}

  /**
   * Takes the cross-feature reactions listed in src/workflow-reactions.ts, once, at start-up. They
   * run in the listed order, before any listener a module adds with onTransition.
   */
  declareReactions(reactions: readonly DeclaredReaction[]): void {
    if (this.declared) throw new Error('workflow reactions are declared once');
    this.declared = reactions;
  }

  /** The names of the declared reactions to one workflow, in the order they run. */
  reactionsTo(definitionName: string): string[] {
    return (this.declared ?? []).filter((r) => r.workflow === definitionName).map((r) => r.name);
  }

  /**
   * Adds a listener for every transition of the named workflow (see TransitionListener), after
   * the declared reactions. A reaction of one feature to another's workflow belongs in
   * src/workflow-reactions.ts instead, where every one is listed.
   */
  onTransition(definitionName: string, listener: TransitionListener): void {
    this.listeners.set(definitionName, [...(this.listeners.get(definitionName) ?? []), listener]);
  }

  /** Creates an instance in its initial state, with audit row 1. Runs in the caller's transaction. */
  start<M extends AnyStateMachine>(
    tx: Tx,
    definition: WorkflowDefinition<M>,
    id: string,
    input: unknown,
    actor: WorkflowActor,
    actorRole: ActorRole,
  ): WorkflowInstance {
    const at = this.clock.now();
    const running = createActor(definition.machine, { input } as never).start();
    const snapshot = running.getPersistedSnapshot() as Record<string, unknown>;
    const current = running.getSnapshot();
    const state = definition.stateOf(current);
    running.stop();
    const em = emOf(tx);
    const instance = em.create(WorkflowInstance, {
      id,
      definition: definition.name,
      definitionVersion: definition.version,
      state,
      batchKey: definition.batchOf(current),
      snapshot,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    this.appendAudit(em, instance, {
      seq: 1,
      eventType: 'CREATE',
      fromState: null,
      toState: state,
      actorId: actor.userId,
      actorRole,
      at,
      comment: null,
      // The machine's input, so that verification can replay the chain from its first row.
      payload: { input: input ?? null },
      prevHash: null,
    });
    return instance;
  }

  async send<M extends AnyStateMachine>(
    definition: WorkflowDefinition<M>,
    id: string,
    input: WorkflowEventInput,
    options: SendOptions = {},
  ): Promise<TransitionResult> {
    const callerEm = options.em ? emOf(options.em) : undefined;
    if (callerEm && !callerEm.isInTransaction()) {
      throw new Error('SendOptions.em must be inside a transaction');
    }
    return (callerEm ?? this.em.fork()).transactional(async (em) => {
      const locked = await this.lock(em, definition, id);
      const { row } = locked;
      if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
        await this.assertNotMovedSince(em, definition, row, options.expectedVersion);
      }
      await this.upgrade(em, definition, locked);

      // The row is this transaction's own parse of the column, so the actor may take it as is.
      const actor = createActor(definition.machine, { snapshot: row.snapshot } as never).start();
      const before = actor.getSnapshot();
      const fromState = definition.stateOf(before);
      const allowedEvents = () => definition.allowedEvents(before, input.actor);

      const authorization = definition.authorize(before, input);
      switch (authorization.kind) {
        case 'unavailable':
          throw new ConflictError(`当前状态下不能执行该操作`, {
            state: fromState,
            version: row.version,
            event: input.type,
            allowedEvents: allowedEvents(),
          });
        case 'forbidden':
          throw new ForbiddenError('您的角色或所属单位无权执行该操作', {
            state: fromState,
            event: input.type,
          });
        case 'allowed':
          break;
      }

      const at = this.clock.now();
      const event = {
        ...input.payload,
        type: input.type,
        actor: input.actor,
        at: at.toISOString(),
        ...(input.comment ? { comment: input.comment } : {}),
      };
      const beforeJson = JSON.stringify(actor.getPersistedSnapshot());
      actor.send(event as EventFromLogic<M>);
      const after = actor.getSnapshot();
      if ((after as { status: string }).status === 'error') {
        throw new Error(`workflow ${definition.name} errored on ${input.type}`);
      }
      // Read before stop(): a stopped actor persists status "stopped", and a snapshot restored
      // from that no longer runs eventless transitions.
      const persisted = actor.getPersistedSnapshot() as Record<string, unknown>;
      actor.stop();
      if (JSON.stringify(persisted) === beforeJson) {
        throw new ConflictError('该操作在当前情况下不被接受', {
          state: fromState,
          version: row.version,
          event: input.type,
          allowedEvents: allowedEvents(),
        });
      }

      const state = definition.stateOf(after);
      const version = await this.advance(
        em,
        locked,
        { snapshot: persisted, state, batchKey: definition.batchOf(after) },
        {
          eventType: input.type,
          fromState,
          toState: state,
          actorId: input.actor.userId,
          actorRole: authorization.role,
          at,
          comment: input.comment ?? null,
          payload: input.payload ?? {},
        },
      );
      const result: TransitionResult = {
        id,
        fromState,
        state,
        version,
        snapshot: after,
        auditSeq: version,
      };
      if (options.afterTransition)
        await options.afterTransition(em as unknown as TransitionTx, result);
      for (const reaction of this.declared ?? []) {
        if (reaction.workflow === definition.name)
          await reaction.react(em as unknown as TransitionTx, result, input);
      }
      for (const listener of this.listeners.get(definition.name) ?? []) {
        await listener(em as unknown as TransitionTx, result, input);
      }
      return result;
    });
  }

  /**
   * Records a fact about an instance that is not a state change (an attachment added, a file
   * removed) in the same audit chain, so the item's history tells the whole story. The version
   * still moves, which keeps "version = last audit seq" true and makes a concurrent transition
   * and record conflict cleanly. `check` runs inside the transaction against the current state,
   * and `apply` does the record's own writes in it.
   */
  async record<M extends AnyStateMachine>(
    definition: WorkflowDefinition<M>,
    id: string,
    entry: {
      type: string;
      actor: WorkflowActor;
      actorRole: ActorRole;
      comment?: string;
      payload?: Record<string, unknown>;
    },
    work: { check?: (state: string) => void; apply?: (tx: TransitionTx) => Promise<void> } = {},
  ): Promise<{ state: string; version: number }> {
    return this.em.fork().transactional(async (em) => {
      const locked = await this.lock(em, definition, id);
      const { row } = locked;
      await this.upgrade(em, definition, locked);
      work.check?.(row.state);
      const at = this.clock.now();
      const version = await this.advance(
        em,
        locked,
        {},
        {
          eventType: entry.type,
          fromState: row.state,
          toState: row.state,
          actorId: entry.actor.userId,
          actorRole: entry.actorRole,
          at,
          comment: entry.comment ?? null,
          payload: entry.payload ?? {},
        },
      );
      await work.apply?.(em as unknown as TransitionTx);
      return { state: row.state, version };
    });
  }

  /**
   * The sender saw `expected`; the instance is now further on. Facts recorded since (an attachment
   * added or removed, a snapshot migration) did not change what the sender decided on, so they do
   * not make the event stale: only a transition of the machine does. The conflict names that last
   * transition (who, what, when) so the caller can tell the person what happened.
   */
  private async assertNotMovedSince(
    em: EntityManager,
    definition: WorkflowDefinition,
    row: InstanceRow,
    expected: number,
  ): Promise<void> {
    const transitions = machineEventsOf(definition);
    const rows =
      expected < row.version
        ? (
            await this.query(
              em,
              'select seq, event_type, actor_id, actor_role, at from audit_event where instance_id = ? and seq > ? order by seq',
              [row.id, expected],
            )
          ).rows
        : [];
    const moves = rows.filter(
      (r) => r.event_type !== SNAPSHOT_MIGRATED_EVENT && transitions.has(String(r.event_type)),
    );
    if (expected < row.version && !moves.length) return;
    const last = moves[moves.length - 1];
    throw new ConflictError('该事项已被他人更新,请刷新后重试', {
      currentVersion: row.version,
      state: row.state,
      ...(last
        ? {
            lastChange: {
              seq: Number(last.seq),
              eventType: String(last.event_type),
              actorId: String(last.actor_id),
              actorRole: String(last.actor_role),
              at: toDate(last.at).toISOString(),
            },
          }
        : {}),
    });
  }

  /** Restores an instance read-only, to answer "what may this user do now". */
  restore<M extends AnyStateMachine>(
    definition: WorkflowDefinition<M>,
    instance: WorkflowInstance,
  ): SnapshotFrom<M> {
    // Read-only: an old snapshot is migrated in memory; the next write persists and audits it.
    const { snapshot } = this.migrated(definition, instance);
    const actor = createActor(definition.machine, { snapshot } as never);
    return actor.getSnapshot();
  }

  private migrated(
    definition: WorkflowDefinition,
    instance: Pick<WorkflowInstance, 'definitionVersion' | 'snapshot'>,
  ) {
    try {
      return migrateSnapshot(definition, instance.definitionVersion, instance.snapshot);
    } catch (err) {
      if (err instanceof SnapshotTooNewError) {
        throw new ConflictError('该事项已由新版本流程处理,请稍后重试', {
          definitionVersion: instance.definitionVersion,
        });
      }
      throw err;
    }
  }

  /**
   * Brings a locked row written by an older machine version up to the current one before anything
   * else happens to it, as its own audited step (a system fact in the chain, version + 1), so the
   * history shows when and how the stored state was rewritten. Runs in the caller's transaction:
   * if the event that triggered it fails, the migration rolls back with it and is redone next time.
   */
  private async upgrade(
    em: EntityManager,
    definition: WorkflowDefinition,
    locked: LockedInstance,
  ): Promise<void> {
    const { row } = locked;
    if (row.definitionVersion === definition.version) return;
    const fromVersion = row.definitionVersion;
    const { snapshot, steps } = this.migrated(definition, row);
    const restored = createActor(definition.machine, {
      snapshot: structuredClone(snapshot),
    } as never).getSnapshot();
    const state = definition.stateOf(restored);
    await this.advance(
      em,
      locked,
      {
        snapshot,
        state,
        batchKey: definition.batchOf(restored),
        definitionVersion: definition.version,
      },
      {
        eventType: SNAPSHOT_MIGRATED_EVENT,
        fromState: row.state,
        toState: state,
        actorId: 'system',
        actorRole: 'system',
        at: this.clock.now(),
        comment: steps.map((s) => s.description).join(';'),
        payload: { fromVersion, toVersion: definition.version, steps },
      },
    );
    Object.assign(row, {
      snapshot,
      state,
      definitionVersion: definition.version,
      version: row.version + 1,
    });
  }

  /**
   * Loads and locks an instance row, with the hash of its last audit row (the one the next row
   * chains to) read in the same statement: one round trip instead of two on the hot path. The
   * lock (PostgreSQL; SQLite serialises write transactions anyway) makes concurrent writers on one
   * item queue, so each sees the state the previous one left: an event that names no version, like
   * a second expert's score, is applied rather than refused for a lost race, and a record and a
   * transition never fail each other.
   */
  private async lock(
    em: EntityManager,
    definition: WorkflowDefinition,
    id: string,
  ): Promise<LockedInstance> {
    const sql = this.dialect(em);
    const [found] = (await this.query(em, sql.lock, [id, definition.name])).rows;
    if (!found) throw new NotFoundError('未找到该流程实例', { id });
    const snapshot = found.snapshot;
    const row: InstanceRow = {
      id: String(found.id),
      definitionVersion: Number(found.definition_version),
      state: String(found.state),
      // SQLite hands JSON columns back as text, PostgreSQL as parsed jsonb.
      snapshot: (typeof snapshot === 'string' ? JSON.parse(snapshot) : snapshot) as Record<
        string,
        unknown
      >,
      version: Number(found.version),
    };
    const prevHash = found.prev_hash;
    if (typeof prevHash === 'string') return { row, prevHash };
    // After waiting for the row lock, PostgreSQL hands back the row as its holder committed it,
    // but the subquery still reads the statement's older snapshot, without that holder's audit
    // row: read the hash again in a statement of its own.
    const [previous] = (
      await this.query(em, 'select hash from audit_event where instance_id = ? and seq = ?', [
        row.id,
        row.version,
      ])
    ).rows;
    if (!previous) throw new Error(`audit row ${row.version} of ${row.id} is missing`);
    return { row, prevHash: String(previous.hash) };
  }

  /**
   * The one write path of a step: version + 1 with an UPDATE conditional on the version read,
   * plus the audit row chained to its predecessor, inserted directly rather than through the unit
   * of work (the runner owns these rows; nothing else in the transaction reads them back as
   * entities). Returns the new version (= the audit seq).
   */
  private async advance(
    em: EntityManager,
    locked: LockedInstance,
    changes: Partial<
      Pick<WorkflowInstance, 'snapshot' | 'state' | 'batchKey' | 'definitionVersion'>
    >,
    audit: Omit<AuditEvent, 'id' | 'instance' | 'hash' | 'seq' | 'prevHash' | 'keyId' | 'hashAlg'>,
  ): Promise<number> {
    const { row } = locked;
    const sql = this.dialect(em);
    const version = row.version + 1;
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, column] of CHANGE_COLUMNS) {
      if (changes[key] === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(key === 'snapshot' ? JSON.stringify(changes.snapshot) : changes[key]);
    }
    const updated = await this.query(
      em,
      `update workflow_instance set ${sets.join(', ')}${sets.length ? ', ' : ''}version = ?, updated_at = ? where id = ? and version = ?`,
      [...values, version, sql.datetime(audit.at), row.id, row.version],
    );
    if (updated.changes !== 1) {
      throw new ConflictError('该事项已被他人更新,请刷新后重试', { state: row.state });
    }
    const entry = { ...audit, seq: version, prevHash: locked.prevHash };
    const seal = this.keyring.seal(
      auditContent({ ...entry, instanceId: row.id, at: entry.at.toISOString() }),
    );
    await this.query(
      em,
      `insert into audit_event (instance_id, seq, event_type, from_state, to_state, actor_id, actor_role, at, comment, payload, prev_hash, hash, key_id, hash_alg) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        version,
        entry.eventType,
        entry.fromState,
        entry.toState,
        entry.actorId,
        entry.actorRole,
        sql.datetime(entry.at),
        entry.comment,
        JSON.stringify(entry.payload),
        entry.prevHash,
        seal.hash,
        seal.keyId,
        seal.alg,
      ],
    );
    locked.prevHash = seal.hash;
    return version;
  }

  /**
   * Runs one of the runner's statements in `em`'s transaction with bound parameters, straight
   * through the transaction's knex client: `em.execute` would inline every value into the text
   * (a 1 KB snapshot parsed as a literal by each prepare) and format it again for its log. The
   * statement is still written to MikroORM's query log, as every other statement is.
   */
  private async query(
    em: EntityManager,
    text: string,
    params: readonly unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; changes: number }> {
    const trx = (em as SqlEntityManager).getTransactionContext<Knex.Transaction>();
    if (!trx) throw new Error('the runner runs its statements in a transaction');
    const began = Date.now();
    // sqlite3 answers a read with its rows and a write with its statement ({ changes }),
    // better-sqlite3 a write with { changes }, pg anything with a result ({ rows, rowCount }).
    const res = await trx.raw<
      | Record<string, unknown>[]
      | { changes: number }
      | { rows: Record<string, unknown>[]; rowCount: number }
    >(text, params as Knex.RawBinding[]);
    em.config.getLogger().logQuery({
      query: text,
      params: [...params],
      took: Date.now() - began,
      level: 'info',
    });
    if (Array.isArray(res)) return { rows: res, changes: 0 };
    if ('rows' in res) return { rows: res.rows, changes: res.rowCount };
    return { rows: [], changes: res.changes };
  }

  /** The runner's SQL for the database `em` is on (one per runner: an instance uses one). */
  private dialect(em: EntityManager): RunnerSql {
    return (this.sql ??= isPostgres(em) ? POSTGRES_SQL : SQLITE_SQL);
  }

  private appendAudit(
    em: EntityManager,
    instance: WorkflowInstance,
    row: Omit<AuditEvent, 'id' | 'instance' | 'hash' | 'keyId' | 'hashAlg'>,
  ): void {
    const seal = this.keyring.seal(
      auditContent({ ...row, instanceId: instance.id, at: row.at.toISOString() }),
    );
    em.create(AuditEvent, {
      ...row,
      instance,
      hash: seal.hash,
      keyId: seal.keyId,
      hashAlg: seal.alg,
    });
  }
}

/** Exactly the fields an audit row's hash covers, whatever else the caller's object holds. */
function auditContent(row: AuditContent): AuditContent {
  return {
    instanceId: row.instanceId,
    seq: row.seq,
    eventType: row.eventType,
    fromState: row.fromState,
    toState: row.toState,
    actorId: row.actorId,
    actorRole: row.actorRole,
    at: row.at,
    comment: row.comment,
    payload: row.payload,
    prevHash: row.prevHash,
  };
}

const machineEvents = new WeakMap<WorkflowDefinition, Set<string>>();

/** The event types the definition's machine takes (records written by record() are not among them). */
function machineEventsOf(definition: WorkflowDefinition): Set<string> {
  let events = machineEvents.get(definition);
  if (!events) {
    events = new Set(describeMachine(definition.machine).transitions.map((t) => t.event));
    machineEvents.set(definition, events);
  }
  return events;
}

/** A datetime column as read raw: epoch milliseconds on SQLite, a Date or text on PostgreSQL. */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return new Date(Number(value));
  }
  return new Date(String(value));
}
