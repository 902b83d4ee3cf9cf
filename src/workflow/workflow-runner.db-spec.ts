import type { MikroORM } from '@mikro-orm/core';
import { txOf } from '../database/tx';
import { randomUUID } from 'node:crypto';
import type { WorkflowActor } from '../../workflows/achievement.machine';
import { testKeyring, testVerifier } from '../../test/support/audit-keys';
import { createTestOrm } from '../../test/support/test-database';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { ManualClock } from '../common/clock';
import { ConflictError, ForbiddenError } from '../common/domain-errors';
import { AuditEvent } from './audit-event.entity';
import { WorkflowInstance } from './workflow-instance.entity';
import { WorkflowRunner } from './workflow-runner.service';

const owner: WorkflowActor = {
  userId: 'u-owner',
  roles: ['submitter'],
  organizationId: 'org-unit',
};
const recommender: WorkflowActor = {
  userId: 'u-rec',
  roles: ['recommender'],
  organizationId: 'org-city',
};
const office: WorkflowActor = {
  userId: 'u-office',
  roles: ['officeStaff'],
  organizationId: 'org-prov',
};

describe('WorkflowRunner on a real database', () => {
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

  async function startItem(): Promise<string> {
    const id = randomUUID();
    await orm.em.fork().transactional((em) => {
      runner.start(
        txOf(em),
        achievementWorkflow,
        id,
        { ownerOrganizationId: 'org-unit', recommendationChain: ['org-city'] },
        owner,
        'submitter',
      );
      return Promise.resolve();
    });
    return id;
  }

  async function stored(id: string) {
    const em = orm.em.fork();
    const instance = await em.findOneOrFail(WorkflowInstance, id);
    const audit = await em.find(AuditEvent, { instance: id }, { orderBy: { seq: 'asc' } });
    return { instance, audit };
  }

  it('persists snapshot, version and a chained audit row together', async () => {
    const id = await startItem();
    const created = clock.now();
    clock.advance(60_000);
    const result = await runner.send(achievementWorkflow, id, { type: 'SUBMIT', actor: owner });
    expect(result).toMatchObject({ fromState: 'draft', state: 'recommendation', version: 2 });
    const { instance, audit } = await stored(id);
    expect(instance).toMatchObject({ state: 'recommendation', version: 2, definitionVersion: 1 });
    // The row carries the transition's time, not its old one written back by a stray flush.
    expect(instance.createdAt.toISOString()).toBe(created.toISOString());
    expect(instance.updatedAt.toISOString()).toBe(clock.now().toISOString());
    expect(audit[1].at.toISOString()).toBe(clock.now().toISOString());
    expect(audit.map((a) => [a.seq, a.eventType, a.fromState, a.toState, a.actorRole])).toEqual([
      [1, 'CREATE', null, 'draft', 'submitter'],
      [2, 'SUBMIT', 'draft', 'recommendation', 'submitter'],
    ]);
    expect(audit[1].prevHash).toBe(audit[0].hash);
    expect(await testVerifier(orm.em.fork(), keyring).verify()).toMatchObject({ ok: true });
  });

  it('writes its rows as the ORM does, so queries by time and JSON find them', async () => {
    const id = await startItem();
    clock.advance(60_000);
    const at = clock.now();
    await runner.send(achievementWorkflow, id, {
      type: 'SUBMIT',
      actor: owner,
      comment: '请审核',
    });
    const em = orm.em.fork();
    // The ORM converts the Date to its stored form (epoch milliseconds on SQLite, timestamptz on
    // PostgreSQL): a row the runner wrote in any other form would not match.
    expect(await em.count(WorkflowInstance, { id, updatedAt: at })).toBe(1);
    expect(await em.count(AuditEvent, { instance: id, at, seq: 2 })).toBe(1);
    expect(await em.count(AuditEvent, { instance: id, at: { $gte: at } })).toBe(1);
    const [raw] = await em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        `select state, comment from workflow_instance w join audit_event a on a.instance_id = w.id where w.id = ? and a.seq = 2`,
        [id],
      );
    expect(raw).toEqual({ state: 'recommendation', comment: '请审核' });
    const { instance } = await stored(id);
    expect(instance.snapshot).toMatchObject({
      value: { active: 'recommendation' },
      status: 'active',
    });
  });

  it('writes nothing when the event is not available, not allowed, or the version is stale', async () => {
    const id = await startItem();
    const before = await stored(id);
    await expect(
      runner.send(achievementWorkflow, id, { type: 'PUBLISH', actor: office }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      runner.send(achievementWorkflow, id, { type: 'SUBMIT', actor: office }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      runner.send(
        achievementWorkflow,
        id,
        { type: 'SUBMIT', actor: owner },
        { expectedVersion: 7 },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const after = await stored(id);
    expect(after.instance.version).toBe(before.instance.version);
    expect(after.instance.snapshot).toEqual(before.instance.snapshot);
    expect(after.audit).toHaveLength(before.audit.length);
  });

  it('rolls the transition back when work in the same transaction fails', async () => {
    const id = await startItem();
    await expect(
      runner.send(
        achievementWorkflow,
        id,
        { type: 'SUBMIT', actor: owner },
        {
          afterTransition: () => Promise.reject(new Error('side effect failed')),
        },
      ),
    ).rejects.toThrow('side effect failed');
    const { instance, audit } = await stored(id);
    expect(instance).toMatchObject({ state: 'draft', version: 1 });
    expect(audit).toHaveLength(1);
  });

  it("lets several sends share the caller's transaction: all commit, or none", async () => {
    const [a, b] = [await startItem(), await startItem()];
    await expect(
      orm.em.fork().transactional(async (em) => {
        await runner.send(
          achievementWorkflow,
          a,
          { type: 'SUBMIT', actor: owner },
          { em: txOf(em) },
        );
        await runner.send(
          achievementWorkflow,
          b,
          { type: 'SUBMIT', actor: owner },
          { em: txOf(em) },
        );
        throw new Error('the caller fails after both sends');
      }),
    ).rejects.toThrow('the caller fails after both sends');
    for (const id of [a, b]) {
      const { instance, audit } = await stored(id);
      expect(instance).toMatchObject({ state: 'draft', version: 1 });
      expect(audit).toHaveLength(1);
    }

    await orm.em.fork().transactional(async (em) => {
      await runner.send(achievementWorkflow, a, { type: 'SUBMIT', actor: owner }, { em: txOf(em) });
      await runner.send(achievementWorkflow, b, { type: 'SUBMIT', actor: owner }, { em: txOf(em) });
    });
    for (const id of [a, b]) {
      const { instance, audit } = await stored(id);
      expect(instance).toMatchObject({ state: 'recommendation', version: 2 });
      expect(audit.map((r) => r.eventType)).toEqual(['CREATE', 'SUBMIT']);
      expect(audit[1].prevHash).toBe(audit[0].hash);
    }
    await expect(
      runner.send(
        achievementWorkflow,
        a,
        { type: 'SUBMIT', actor: owner },
        { em: txOf(orm.em.fork()) },
      ),
    ).rejects.toThrow('inside a transaction');
  });

  it('lets exactly one of many concurrent senders on one version win', async () => {
    const id = await startItem();
    await runner.send(achievementWorkflow, id, { type: 'SUBMIT', actor: owner });
    const attempts = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        runner.send(
          achievementWorkflow,
          id,
          { type: 'RECOMMEND', actor: recommender, payload: { period: '2026-11' } },
          { expectedVersion: 2 },
        ),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a) => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(24);
    for (const l of lost) expect(l.reason).toBeInstanceOf(ConflictError);
    const { instance, audit } = await stored(id);
    expect(instance.version).toBe(3);
    expect(audit.map((a) => a.seq)).toEqual([1, 2, 3]);
  });

  it('loses no update when many items move at once', async () => {
    const ids = await Promise.all(Array.from({ length: 15 }, () => startItem()));
    await Promise.all(
      ids.map((id) => runner.send(achievementWorkflow, id, { type: 'SUBMIT', actor: owner })),
    );
    await Promise.all(
      ids.map((id) =>
        runner.send(achievementWorkflow, id, {
          type: 'RECOMMEND',
          actor: recommender,
          payload: { period: '2026-11' },
        }),
      ),
    );
    for (const id of ids) {
      const { instance, audit } = await stored(id);
      expect(instance).toMatchObject({ state: 'submitted', version: 3 });
      expect(audit).toHaveLength(3);
    }
    expect(await testVerifier(orm.em.fork(), keyring).verify()).toMatchObject({ ok: true });
  });
});
