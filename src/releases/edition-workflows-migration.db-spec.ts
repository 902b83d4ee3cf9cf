import { dialectOf, toDbTime } from '../database/dialect';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_SEAL_EXTENSION, type AuditSealer } from '../../migrations/audit-seal';
import { testKeyring, testVerifier } from '../../test/support/audit-keys';
import { TEST_DB } from '../../test/support/test-app';
import { ManualClock } from '../common/clock';
import { ConflictError } from '../common/domain-errors';
import { buildOrmOptions } from '../orm/mikro-orm.config';
import { createScratchPostgres } from '../database/scratch-postgres';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { AuditEvent } from '../workflow/audit-event.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { editionWorkflow } from './edition-workflow.definition';
import { ReleaseEdition, type EditionState } from './release-edition.entity';

const BEFORE = 'Migration20261207190931AuditEventActorAtIndex';
const clock = new ManualClock(new Date('2026-12-01T02:00:00Z'));

/** A database migrated up to the migration before the edition workflows, and a way to drop it. */
async function ormBefore(): Promise<{ orm: MikroORM; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-db-'));
  const pg = TEST_DB === 'postgres' ? await createScratchPostgres() : null;
  const orm = await MikroORM.init(buildOrmOptions({ dataDir, databaseUrl: pg?.url ?? null }));
  await orm.getMigrator().up({ to: BEFORE });
  return {
    orm,
    close: async () => {
      await orm.close(true);
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('Migration20261207210000EditionWorkflows', () => {
  it('gives every existing edition its instance in the state it stands in, with a sealed first row that replays', async () => {
    const { orm, close } = await ormBefore();
    try {
      const keyring = testKeyring();
      const sealer: AuditSealer = (content) => keyring.seal(content);
      orm.config.registerExtension(AUDIT_SEAL_EXTENSION, () => sealer);
      const em = orm.em.fork();
      const org = em.create(Organization, {
        name: '省科技厅',
        type: 'provincialDepartment',
        city: '杭州',
        createdAt: clock.now(),
      });
      await em.flush();
      // The users as the schema of that time holds them: only the columns it had (an entity
      // insert would name columns that later migrations add).
      const [clerk, chief] = await Promise.all(
        ['clerk', 'chief'].map(async (name) => {
          const id = randomUUID();
          await (em as SqlEntityManager)
            .getKnex()('app_user')
            .insert({
              id,
              username: name,
              password_hash: 'x',
              display_name: name,
              email: null,
              organization_id: org.id,
              roles: JSON.stringify(['officeStaff']),
              active: true,
              created_at: toDbTime(dialectOf(em), clock.now()),
            });
          return em.getReference(User, id);
        }),
      );
      const issuedAt = new Date('2026-11-03T08:00:00.123Z');
      const edition = (
        sequence: number,
        state: EditionState,
        extra: Partial<ReleaseEdition> = {},
      ): ReleaseEdition =>
        em.create(ReleaseEdition, {
          kind: 'monthly',
          number: `2026年第${sequence}期`,
          year: 2026,
          sequence,
          periodStart: new Date(Date.UTC(2026, sequence - 1, 1)),
          periodEnd: new Date(Date.UTC(2026, sequence, 1)),
          cycleKey: extra.correctsEdition ? null : `monthly:2026-${sequence}`,
          state,
          version: 3,
          votingState: 'none',
          distributionList: [],
          createdAt: clock.now(),
          updatedAt: clock.now(),
          ...extra,
        });
      const draft = edition(9, 'draft');
      const review = edition(10, 'underReview', { submittedBy: clerk });
      const issued = edition(11, 'issued', { submittedBy: clerk, issuedBy: chief, issuedAt });
      const correction = edition(11, 'draft', { correctsEdition: issued });
      await em.flush();

      await orm.getMigrator().up();

      const check = orm.em.fork();
      const expected = [
        [draft, 'draft'],
        [review, 'underReview'],
        [issued, 'issued'],
        [correction, 'draft'],
      ] as const;
      for (const [e, state] of expected) {
        const instance = await check.findOneOrFail(WorkflowInstance, e.id);
        expect([instance.definition, instance.state, instance.version]).toEqual([
          'edition',
          state,
          1,
        ]);
        const rows = await check.find(AuditEvent, { instance: e.id });
        expect(rows.map((r) => [r.seq, r.eventType, r.toState, r.actorRole])).toEqual([
          [1, 'CREATE', state, 'system'],
        ]);
        expect(rows[0].keyId).toBe(keyring.current().id);
      }
      const issuedInstance = await check.findOneOrFail(WorkflowInstance, issued.id);
      expect(issuedInstance.snapshot).toMatchObject({
        status: 'done',
        context: {
          submittedBy: clerk.id,
          issuedBy: chief.id,
          issuedAt: issuedAt.toISOString(),
          adoptedIn: 'issued',
        },
      });
      const correctionInstance = await check.findOneOrFail(WorkflowInstance, correction.id);
      expect(correctionInstance.snapshot).toMatchObject({
        context: { correctsEditionId: issued.id },
      });

      const verifier = testVerifier(orm.em, keyring);
      const first = await verifier.verify();
      expect(first.broken).toEqual([]);
      expect(first.replayed).toBe(4);

      // The adopted instances run on: the four-eyes rule holds against the adopted submitter.
      const runner = new WorkflowRunner(orm.em, clock, keyring);
      const office = (u: User) => ({
        userId: u.id,
        roles: ['officeStaff' as const],
        organizationId: org.id,
      });
      await expect(
        runner.send(editionWorkflow, review.id, {
          type: 'ISSUE_EDITION',
          actor: office(clerk),
          payload: { fourEyes: true },
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      const done = await runner.send(editionWorkflow, review.id, {
        type: 'ISSUE_EDITION',
        actor: office(chief),
        payload: { fourEyes: true },
      });
      expect([done.fromState, done.state, done.version]).toEqual(['underReview', 'issued', 2]);
      await expect(
        runner.send(editionWorkflow, issued.id, { type: 'RETURN_EDITION', actor: office(chief) }),
      ).rejects.toBeInstanceOf(ConflictError);
      expect((await verifier.verify()).broken).toEqual([]);

      // Run again (another instance starting), it finds nothing left to adopt.
      await orm.getMigrator().down({ to: BEFORE });
      await orm.getMigrator().up();
      expect(await orm.em.fork().count(AuditEvent, { instance: draft.id })).toBe(1);
    } finally {
      await close();
    }
  });

  it('stops rather than write unsealed rows when no keyring is registered', async () => {
    const { orm, close } = await ormBefore();
    try {
      const em = orm.em.fork();
      em.create(ReleaseEdition, {
        kind: 'annual',
        number: '2026年度',
        year: 2026,
        sequence: 1,
        periodStart: new Date('2026-01-01T00:00:00Z'),
        periodEnd: new Date('2027-01-01T00:00:00Z'),
        state: 'draft',
        version: 1,
        votingState: 'none',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      await em.flush();
      await expect(orm.getMigrator().up()).rejects.toThrow(/审计密钥/);
      expect(await orm.em.fork().count(WorkflowInstance, {})).toBe(0);
    } finally {
      await close();
    }
  });
});
