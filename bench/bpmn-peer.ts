import { Engine } from 'bpmn-engine';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { auditHash } from '../src/workflow/audit-hash';
import { STAGES } from './stages';
import { BetterSqlite3Connection, Sqlite3, type Pragmas, type SqlConnection } from './sqlite';
import type { Bounds } from './storage-limit';
import { ratePerSecond } from './stats';

/** The six stages of the engine's path as a BPMN 2.0 process: one user task per stage. */
export function approvalBpmn(): string {
  const ids = ['start', ...STAGES.map((s) => s.task), 'end'];
  const tasks = STAGES.map((s) => `<bpmn:userTask id="${s.task}" name="${s.event}" />`).join('');
  const flows = ids
    .slice(0, -1)
    .map(
      (from, i) =>
        `<bpmn:sequenceFlow id="flow${i}" sourceRef="${from}" targetRef="${ids[i + 1]}" />`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="approvalDefinitions" targetNamespace="http://chengguo.bench">
  <bpmn:process id="approval" isExecutable="true">
    <bpmn:startEvent id="start" />${tasks}<bpmn:endEvent id="end" />${flows}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Mirrors workflow_instance and audit_event, so both engines write the same kind of rows. */
const DDL = `
CREATE TABLE bpmn_instance (id TEXT PRIMARY KEY, state TEXT NOT NULL, activity TEXT, version INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE bpmn_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL REFERENCES bpmn_instance (id),
  seq INTEGER NOT NULL, event_type TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL,
  actor_id TEXT NOT NULL, actor_role TEXT NOT NULL, at TEXT NOT NULL, comment TEXT,
  payload TEXT NOT NULL, prev_hash TEXT, hash TEXT NOT NULL,
  UNIQUE (instance_id, seq)
);`;

export interface PeerResult {
  driver: string;
  transitions: number;
  instances: number;
  elapsedMs: number;
  transitionsPerSecond: number;
  avgStateBytes: number;
  pragmas: Pragmas;
}

interface AuditRow {
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  at: string;
  payload: Record<string, unknown>;
  prevHash: string | null;
}

function waitingTask(engine: Engine): string | null {
  return engine.execution.getPostponed()[0]?.id ?? null;
}

/**
 * bpmn-engine with the persistence the runner has: per step, load the row, `recover()` the engine
 * from the stored `getState()`, `resume()`, signal the waiting user task, and write the new state
 * (version-checked UPDATE) plus a hash-chained audit row in one transaction. Persistence is plain
 * SQL through the `sqlite3` driver or better-sqlite3 (prepared statements), so the peer pays no ORM
 * cost: a conservative comparison.
 */
export async function bpmnPeer(
  dir: string,
  bounds: Bounds,
  driver: 'sqlite3' | 'better-sqlite3' = 'sqlite3',
): Promise<PeerResult> {
  const file = join(dir, `bpmn-peer-${driver}.sqlite`);
  const db: SqlConnection =
    driver === 'sqlite3' ? await Sqlite3.open(file) : await BetterSqlite3Connection.open(file);
  await db.exec(DDL);
  const pragmas = await db.pragmas();
  const source = approvalBpmn();
  const actorId = randomUUID();
  let stateBytes = 0;
  let stateWrites = 0;

  const write = async (
    id: string,
    state: string,
    activity: string | null,
    version: number,
    row: AuditRow,
  ) => {
    const hash = auditHash({
      ...row,
      instanceId: id,
      actorId,
      actorRole: 'officeStaff',
      comment: null,
    });
    stateBytes += state.length;
    stateWrites++;
    await db.run('BEGIN IMMEDIATE');
    try {
      if (version === 1) {
        await db.run(
          'INSERT INTO bpmn_instance (id, state, activity, version, updated_at) VALUES (?, ?, ?, 1, ?)',
          [id, state, activity, row.at],
        );
      } else {
        const changed = await db.run(
          'UPDATE bpmn_instance SET state = ?, activity = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?',
          [state, activity, version, row.at, id, version - 1],
        );
        if (changed !== 1) throw new Error(`lost update on ${id}`);
      }
      await db.run(
        'INSERT INTO bpmn_audit (instance_id, seq, event_type, from_state, to_state, actor_id, actor_role, at, comment, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)',
        [
          id,
          row.seq,
          row.eventType,
          row.fromState,
          row.toState,
          actorId,
          'officeStaff',
          row.at,
          JSON.stringify(row.payload),
          row.prevHash,
          hash,
        ],
      );
      await db.run('COMMIT');
    } catch (err) {
      await db.run('ROLLBACK');
      throw err;
    }
    return hash;
  };

  /** Starts an instance (untimed, like the engine's pre-created items): it waits at stage 1. */
  const start = async (): Promise<string> => {
    const id = randomUUID();
    const engine = new Engine({ name: id, source });
    await engine.execute({ listener: new EventEmitter() });
    const activity = waitingTask(engine);
    if (activity !== STAGES[0].task) throw new Error(`bpmn start waits at ${activity}`);
    const state = JSON.stringify(await engine.getState());
    await write(id, state, activity, 1, {
      seq: 1,
      eventType: 'CREATE',
      fromState: null,
      toState: activity,
      at: new Date().toISOString(),
      payload: {},
      prevHash: null,
    });
    await engine.stop();
    return id;
  };

  const step = async (id: string, stage: number): Promise<void> => {
    const row = await db.get<{ state: string; activity: string; version: number }>(
      'SELECT state, activity, version FROM bpmn_instance WHERE id = ?',
      [id],
    );
    if (!row) throw new Error(`no bpmn instance ${id}`);
    const engine = new Engine({ name: id }).recover(JSON.parse(row.state) as object);
    await engine.resume({ listener: new EventEmitter() });
    const task = engine.execution.getPostponed()[0];
    if (task?.id !== STAGES[stage].task)
      throw new Error(`bpmn ${id} waits at ${task?.id}, not stage ${stage}`);
    task.signal({ type: STAGES[stage].event, actor: actorId });
    const activity = waitingTask(engine);
    const state = JSON.stringify(await engine.getState());
    const prev = await db.get<{ hash: string }>(
      'SELECT hash FROM bpmn_audit WHERE instance_id = ? AND seq = ?',
      [id, row.version],
    );
    await write(id, state, activity, row.version + 1, {
      seq: row.version + 1,
      eventType: STAGES[stage].event,
      fromState: row.activity,
      toState: activity ?? 'end',
      at: new Date().toISOString(),
      payload: {},
      prevHash: prev?.hash ?? null,
    });
  };

  // Warm-up: one instance through all stages, not counted.
  const warm = await start();
  for (let s = 0; s < STAGES.length; s++) await step(warm, s);
  stateBytes = 0;
  stateWrites = 0;

  let transitions = 0;
  let instances = 0;
  let elapsedMs = 0;
  while (transitions < bounds.maxCount && elapsedMs < bounds.maxMs) {
    const id = await start();
    instances++;
    const t0 = performance.now();
    for (let s = 0; s < STAGES.length; s++) {
      await step(id, s);
      transitions++;
    }
    elapsedMs += performance.now() - t0;
  }
  await db.close();
  return {
    driver,
    transitions,
    instances,
    elapsedMs,
    transitionsPerSecond: ratePerSecond(transitions, elapsedMs),
    avgStateBytes: Math.round(stateBytes / Math.max(1, stateWrites)),
    pragmas,
  };
}
