import type { MikroORM } from '@mikro-orm/core';
import { txOf } from '../database/tx';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assign, createMachine, setup } from 'xstate';
import type { WorkflowActor } from '../../workflows/achievement.machine';
import { ACHIEVEMENT_MACHINE_VERSION, STATES } from '../../workflows/achievement.machine';
import { testKeyring, testVerifier } from '../../test/support/audit-keys';
import { createTestOrm } from '../../test/support/test-database';
import type { SnapshotFixture } from '../achievements/achievement-snapshot-fixtures';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { ManualClock } from '../common/clock';
import { ConflictError } from '../common/domain-errors';
import { AuditEvent } from './audit-event.entity';
import { SNAPSHOT_MIGRATED_EVENT } from './snapshot-migration';
import type { WorkflowDefinition } from './workflow-definition';
import { WorkflowInstance } from './workflow-instance.entity';
import { WorkflowRunner } from './workflow-runner.service';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'snapshots');
const creator: WorkflowActor = {
  userId: 'u-owner',
  roles: ['submitter'],
  organizationId: 'org-unit',
};

/**
 * A synthetic workflow released twice. Version 1 called its first state `pending`; version 2
 * renamed it `open` and added a `priority` to the context. Version 2 cannot restore a version 1
 * snapshot as it is (the state does not exist), so the registered migration must run.
 */
const ticketV1 = createMachine({
  id: 'ticket',
  initial: 'pending',
  context: { count: 0 },
  states: {
    pending: {
      on: {
        CLOSE: { target: 'closed', actions: assign({ count: ({ context }) => context.count + 1 }) },
      },
    },
    closed: {},
  },
});
const ticketV2 = setup({
  types: { context: {} as { count: number; priority: string } },
}).createMachine({
  id: 'ticket',
  initial: 'open',
  context: { count: 0, priority: 'normal' },
  states: {
    open: {
      on: {
        ESCALATE: { actions: assign({ priority: 'high' }) },
        CLOSE: { target: 'closed', actions: assign({ count: ({ context }) => context.count + 1 }) },
      },
    },
    closed: {},
  },
});

function ticketDefinition(
  version: number,
  machine: typeof ticketV1 | typeof ticketV2,
): WorkflowDefinition {
  return {
    name: 'ticket',
    version,
    machine,
    migrations: {
      1: {
        to: 2,
        description: '状态 pending 更名为 open;新增优先级 priority(默认 normal)',
        migrate: (snapshot) => ({
          ...snapshot,
          value: snapshot.value === 'pending' ? 'open' : snapshot.value,
          context: { priority: 'normal', ...(snapshot.context as object) },
        }),
      },
    },
    stateOf: (snapshot) => String(snapshot.value),
    batchOf: () => null,
    authorize: () => ({ kind: 'allowed', role: 'admin' }),
    allowedEvents: () => [],
  };
}
const v1 = ticketDefinition(1, ticketV1);
const v2 = ticketDefinition(2, ticketV2);

describe('workflow versioning on a real database', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  let runner: WorkflowRunner;
  const clock = new ManualClock(new Date('2026-11-05T02:00:00Z'));
  const keyring = testKeyring();

  beforeAll(async () => {
    ({ orm, close } = await createTestOrm());
    runner = new WorkflowRunner(orm.em, clock, keyring);
  });
  afterAll(() => close());

  async function startWith(definition: WorkflowDefinition, input: unknown): Promise<string> {
    const id = randomUUID();
    await orm.em.fork().transactional((em) => {
      runner.start(txOf(em), definition, id, input, creator, 'submitter');
      return Promise.resolve();
    });
    return id;
  }

  async function stored(id: string) {
    const em = orm.em.fork();
    return {
      instance: await em.findOneOrFail(WorkflowInstance, id),
      audit: await em.find(AuditEvent, { instance: id }, { orderBy: { seq: 'asc' } }),
    };
  }

  describe('snapshot migrations (synthetic old version)', () => {
    it('migrates a version 1 snapshot on the first write, as an audited step, then applies the event', async () => {
      const id = await startWith(v1, {});
      expect((await stored(id)).instance).toMatchObject({ definitionVersion: 1, state: 'pending' });

      // Read-only restore migrates in memory and writes nothing.
      const restored = runner.restore(v2, (await stored(id)).instance);
      expect(restored.value).toBe('open');
      expect(restored.context).toEqual({ count: 0, priority: 'normal' });
      expect((await stored(id)).audit).toHaveLength(1);

      clock.advance(60_000);
      const result = await runner.send(v2, id, { type: 'ESCALATE', actor: creator });
      expect(result).toMatchObject({ fromState: 'open', state: 'open', version: 3 });
      const { instance, audit } = await stored(id);
      expect(instance).toMatchObject({ definitionVersion: 2, state: 'open', version: 3 });
      expect(instance.snapshot).toMatchObject({
        value: 'open',
        context: { count: 0, priority: 'high' },
      });
      expect(audit.map((a) => [a.seq, a.eventType, a.fromState, a.toState, a.actorRole])).toEqual([
        [1, 'CREATE', null, 'pending', 'submitter'],
        [2, SNAPSHOT_MIGRATED_EVENT, 'pending', 'open', 'system'],
        [3, 'ESCALATE', 'open', 'open', 'admin'],
      ]);
      expect(audit[1].payload).toEqual({
        fromVersion: 1,
        toVersion: 2,
        steps: [
          {
            from: 1,
            to: 2,
            description: '状态 pending 更名为 open;新增优先级 priority(默认 normal)',
          },
        ],
      });
      expect(audit[1].comment).toContain('pending 更名为 open');
      expect(await testVerifier(orm.em.fork(), keyring).verify()).toMatchObject({ ok: true });

      // Migrated once: the next event adds only its own row.
      await runner.send(v2, id, { type: 'CLOSE', actor: creator });
      const after = await stored(id);
      expect(after.audit.map((a) => a.eventType)).toEqual([
        'CREATE',
        SNAPSHOT_MIGRATED_EVENT,
        'ESCALATE',
        'CLOSE',
      ]);
      expect(after.instance).toMatchObject({ state: 'closed', version: 4, definitionVersion: 2 });
    });

    it('migrates on record() too, and rolls the migration back with a refused event', async () => {
      const id = await startWith(v1, {});
      // v2's machine does not know the event: nothing, not even the migration, is written.
      await expect(runner.send(v2, id, { type: 'REOPEN', actor: creator })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect((await stored(id)).instance).toMatchObject({ definitionVersion: 1, version: 1 });

      await runner.record(v2, id, { type: 'NOTE', actor: creator, actorRole: 'admin' });
      const { instance, audit } = await stored(id);
      expect(instance).toMatchObject({ definitionVersion: 2, state: 'open', version: 3 });
      expect(audit.map((a) => a.eventType)).toEqual(['CREATE', SNAPSHOT_MIGRATED_EVENT, 'NOTE']);
    });

    it('refuses a snapshot newer than the running machine, and one with no migration path', async () => {
      const id = await startWith(v2, {});
      await expect(runner.send(v1, id, { type: 'CLOSE', actor: creator })).rejects.toBeInstanceOf(
        ConflictError,
      );
      const old = await startWith(v1, {});
      const withoutPath: WorkflowDefinition = { ...v2, migrations: {} };
      await expect(
        runner.send(withoutPath, old, { type: 'CLOSE', actor: creator }),
      ).rejects.toThrow('no snapshot migration from version 1');
      expect((await stored(old)).instance).toMatchObject({ definitionVersion: 1, version: 1 });
    });
  });

  describe('achievement snapshot fixtures of every released version', () => {
    const files = readdirSync(FIXTURES).filter((f) => /^achievement-v\d+-\w+\.json$/.test(f));
    const fixtures = files.map(
      (f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as SnapshotFixture,
    );

    it('covers every state of the current version', () => {
      const current = fixtures.filter((f) => f.machineVersion === ACHIEVEMENT_MACHINE_VERSION);
      expect(current.map((f) => f.state).sort()).toEqual([...STATES].sort());
    });

    it.each(files)('%s restores and advances', async (file) => {
      const fixture = fixtures[files.indexOf(file)];
      const id = await startWith(achievementWorkflow, {
        ownerOrganizationId: 'org-unit',
        recommendationChain: ['org-city'],
      });
      // The row as an older (or this) release left it in the database.
      await orm.em.fork().nativeUpdate(
        WorkflowInstance,
        { id },
        {
          snapshot: fixture.snapshot,
          state: fixture.state,
          definitionVersion: fixture.machineVersion,
        },
      );
      const restored = runner.restore(achievementWorkflow, (await stored(id)).instance);
      expect(String(achievementWorkflow.stateOf(restored))).toBe(fixture.state);

      if (!fixture.next) {
        expect(achievementWorkflow.allowedEvents(restored, creator)).toEqual([]);
        return;
      }
      const { type, actor, payload, expectedState } = fixture.next;
      const result = await runner.send(achievementWorkflow, id, { type, actor, payload });
      expect(result.state).toBe(expectedState);
      const { instance, audit } = await stored(id);
      expect(instance.definitionVersion).toBe(ACHIEVEMENT_MACHINE_VERSION);
      const migrated = fixture.machineVersion < ACHIEVEMENT_MACHINE_VERSION;
      expect(audit.map((a) => a.eventType)).toEqual(
        migrated ? ['CREATE', SNAPSHOT_MIGRATED_EVENT, type] : ['CREATE', type],
      );
    });
  });
});
