import canonicalize from 'canonicalize';
import { createActor, type AnyStateMachine } from 'xstate';
import type { AuditContent } from './audit-hash';
import { describeMachine } from './machine-description';
import { SNAPSHOT_MIGRATED_EVENT } from './snapshot-migration';
import type { WorkflowDefinition } from './workflow-definition';
import type { WorkflowInstance } from './workflow-instance.entity';

const replayMachines = new WeakMap<WorkflowDefinition, AnyStateMachine>();
const machineEvents = new WeakMap<WorkflowDefinition, Set<string>>();

/**
 * The definition's machine with its sender check lifted: each event's sender was checked when it
 * was sent, and the trail records the sender's id and role but not their organisation, which the
 * check reads. Every other guard and action runs as it did.
 */
function replayMachine(definition: WorkflowDefinition): AnyStateMachine {
  let machine = replayMachines.get(definition);
  if (!machine) {
    machine = definition.machine.provide({ guards: { authorized: () => true } } as never);
    replayMachines.set(definition, machine);
  }
  return machine;
}

function eventsOf(definition: WorkflowDefinition): Set<string> {
  let events = machineEvents.get(definition);
  if (!events) {
    events = new Set(describeMachine(definition.machine).transitions.map((t) => t.event));
    machineEvents.set(definition, events);
  }
  return events;
}

export interface ReplayProblem {
  seq: number;
  reason: string;
}

/**
 * Replays an instance's trail through its machine, from the input its CREATE row records, and
 * compares each row's states and then the result with the stored instance: the state, and the
 * whole snapshot when the instance was written by this machine version from a recorded input.
 * Facts recorded beside the machine (attachments…) and snapshot migrations are not machine events
 * and are passed over. Returns what disagrees, or null.
 */
export function replayInstance(
  definition: WorkflowDefinition,
  instance: Pick<WorkflowInstance, 'state' | 'snapshot' | 'definitionVersion'>,
  rows: readonly AuditContent[],
): ReplayProblem | null {
  const [first] = rows;
  if (!first) return null;
  if (first.eventType !== 'CREATE') {
    return { seq: first.seq, reason: '审计链第一条不是创建记录,无法重放' };
  }
  const recorded = (first.payload as { input?: unknown }).input;
  const input = recorded !== undefined ? recorded : definition.inputOf?.(instance.snapshot);
  if (input === undefined) return null;
  const migrated = rows.some((r) => r.eventType === SNAPSHOT_MIGRATED_EVENT);
  const events = eventsOf(definition);
  let actor;
  try {
    actor = createActor(replayMachine(definition), { input } as never).start();
  } catch {
    return { seq: first.seq, reason: '无法按创建记录重放流程' };
  }
  try {
    if (!migrated && definition.stateOf(actor.getSnapshot()) !== first.toState) {
      return { seq: first.seq, reason: '创建记录的状态与流程定义不符' };
    }
    for (const row of rows.slice(1)) {
      if (row.eventType === SNAPSHOT_MIGRATED_EVENT || !events.has(row.eventType)) continue;
      const before = definition.stateOf(actor.getSnapshot());
      if (!migrated && before !== row.fromState) {
        return { seq: row.seq, reason: '重放到此条时的状态与记录的起始状态不符' };
      }
      actor.send({
        ...row.payload,
        type: row.eventType,
        actor: { userId: row.actorId, roles: [row.actorRole], organizationId: null },
        at: row.at,
        ...(row.comment ? { comment: row.comment } : {}),
      });
      const after = definition.stateOf(actor.getSnapshot());
      if (!migrated && after !== row.toState) {
        return { seq: row.seq, reason: '重放此条后的状态与记录的结果状态不符' };
      }
    }
    const last = rows[rows.length - 1];
    const replayed = actor.getSnapshot();
    const state = definition.stateOf(replayed);
    if (state !== instance.state) {
      return {
        seq: last.seq,
        reason: '存储的状态与审计链重放结果不一致',
      };
    }
    if (recorded !== undefined && !migrated && instance.definitionVersion === definition.version) {
      const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as unknown;
      if (canonicalize(persisted) !== canonicalize(instance.snapshot)) {
        return { seq: last.seq, reason: '存储的流程数据与审计链重放结果不一致' };
      }
    }
    return null;
  } finally {
    actor.stop();
  }
}
