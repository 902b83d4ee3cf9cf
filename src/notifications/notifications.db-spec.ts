import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { txOf } from '../database/tx';
import { loadConfig, type AppConfig } from '../config/app-config';
import { ManualClock } from '../common/clock';
import { InvalidInputError, NotFoundError } from '../common/domain-errors';
import { createTestOrm } from '../../test/support/test-database';
import type { UserRole } from '../../workflows/achievement.machine';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { Notification } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { OutboxMessage } from './outbox-message.entity';

describe('NotificationsService on a real database', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  const clock = new ManualClock(new Date('2026-11-05T02:00:00Z'));
  const emailOn: AppConfig = { ...loadConfig({}), smtpUrl: 'smtp://127.0.0.1:2525' };
  const emailOff: AppConfig = { ...loadConfig({}), smtpUrl: null };
  let seq = 0;

  beforeAll(async () => {
    ({ orm, close } = await createTestOrm());
  });
  afterAll(() => close());

  /** A fresh service on its own EntityManager, as a request would have. */
  const service = (config = emailOn) =>
    new NotificationsService(new NotificationsRepository(orm.em.fork()), clock, config);

  async function makeOrg(name = `单位${++seq}`): Promise<Organization> {
    const em = orm.em.fork();
    const org = em.create(Organization, {
      name,
      type: 'enterprise',
      city: '杭州',
      createdAt: clock.now(),
    });
    await em.flush();
    return org;
  }

  async function makeUser(
    org: Organization,
    roles: UserRole[] = ['submitter'],
    extra: { email?: string | null; active?: boolean } = {},
  ): Promise<User> {
    const em = orm.em.fork();
    const n = ++seq;
    const user = em.create(User, {
      username: `user${n}`,
      passwordHash: 'x',
      displayName: `用户${n}`,
      email: extra.email === undefined ? `user${n}@example.test` : extra.email,
      organization: org.id,
      roles,
      active: extra.active ?? true,
      createdAt: clock.now(),
    });
    await em.flush();
    return user;
  }

  async function counts(recipient: User) {
    const em = orm.em.fork();
    return {
      notifications: await em.count(Notification, { recipient }),
      outbox: await em.count(OutboxMessage, { notification: { recipient } }),
    };
  }

  const message = (recipients: User[] | string[], extra: Record<string, string> = {}) => ({
    recipients,
    kind: 'reminder.deadline',
    subject: '成果报送截止提醒',
    body: '本月成果报送将于 11 月 10 日 24:00 截止,请及时报送。',
    ...extra,
  });

  it('writes an inbox row per recipient and a pending e-mail for those with an address', async () => {
    const org = await makeOrg();
    const withMail = await makeUser(org);
    const withoutMail = await makeUser(org, ['submitter'], { email: null });
    const inactive = await makeUser(org, ['submitter'], { active: false });
    const created = await orm.em
      .fork()
      .transactional((em) =>
        service().notify(
          txOf(em),
          message([withMail.id, withoutMail.id, inactive.id, withMail.id]),
        ),
      );
    expect(created).toBe(2);
    expect(await counts(withMail)).toEqual({ notifications: 1, outbox: 1 });
    expect(await counts(withoutMail)).toEqual({ notifications: 1, outbox: 0 });
    expect(await counts(inactive)).toEqual({ notifications: 0, outbox: 0 });
    const outbox = await orm.em
      .fork()
      .findOneOrFail(OutboxMessage, { notification: { recipient: withMail } });
    expect(outbox).toMatchObject({
      toAddress: withMail.email,
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    expect(outbox.nextAttemptAt.toISOString()).toBe(clock.now().toISOString());
  });

  it('opens its own transaction when called outside one', async () => {
    const user = await makeUser(await makeOrg());
    expect(await service().notify(txOf(orm.em.fork()), message([user]))).toBe(1);
    expect(await counts(user)).toEqual({ notifications: 1, outbox: 1 });
  });

  it('writes no e-mail while e-mail is off', async () => {
    const user = await makeUser(await makeOrg());
    await orm.em.fork().transactional((em) => service(emailOff).notify(txOf(em), message([user])));
    expect(await counts(user)).toEqual({ notifications: 1, outbox: 0 });
  });

  it('commits with the caller and rolls back with it', async () => {
    const user = await makeUser(await makeOrg());
    await expect(
      orm.em.fork().transactional(async (em) => {
        await service().notify(txOf(em), message([user], { dedupeKey: 'k-rollback' }));
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow('the change that caused it failed');
    expect(await counts(user)).toEqual({ notifications: 0, outbox: 0 });
    // The key was never taken, so the retry of the whole change does notify.
    const created = await orm.em
      .fork()
      .transactional((em) =>
        service().notify(txOf(em), message([user], { dedupeKey: 'k-rollback' })),
      );
    expect(created).toBe(1);
  });

  it('delivers a deduplicated message once per recipient however often it is sent', async () => {
    const org = await makeOrg();
    const a = await makeUser(org);
    const b = await makeUser(org);
    const key = 'reminder:2026-11:org:5d';
    const send = (recipients: User[]) =>
      orm.em
        .fork()
        .transactional((em) => service().notify(txOf(em), message(recipients, { dedupeKey: key })));
    expect(await send([a])).toBe(1);
    expect(await send([a])).toBe(0);
    // A recipient added later still gets it once; the one who had it gets nothing new.
    expect(await send([a, b])).toBe(1);
    expect(await counts(a)).toEqual({ notifications: 1, outbox: 1 });
    expect(await counts(b)).toEqual({ notifications: 1, outbox: 1 });
    // Without a key every call is a new message.
    await send([]);
    await orm.em.fork().transactional((em) => service().notify(txOf(em), message([a])));
    await orm.em.fork().transactional((em) => service().notify(txOf(em), message([a])));
    expect(await counts(a)).toEqual({ notifications: 3, outbox: 3 });
  });

  it('keeps the caller transaction usable after a duplicate', async () => {
    const user = await makeUser(await makeOrg());
    const key = 'overdue:2026-11:org';
    await orm.em
      .fork()
      .transactional((em) => service().notify(txOf(em), message([user], { dedupeKey: key })));
    await orm.em.fork().transactional(async (em: EntityManager) => {
      expect(await service().notify(txOf(em), message([user], { dedupeKey: key }))).toBe(0);
      // On PostgreSQL a failed statement would abort the transaction; these must still work.
      expect(await service().notify(txOf(em), message([user], { dedupeKey: `${key}:2` }))).toBe(1);
      expect(await em.count(Notification, { recipient: user })).toBe(2);
    });
    expect(await counts(user)).toEqual({ notifications: 2, outbox: 2 });
  });

  it('creates one message when two transactions send the same key at the same time', async () => {
    const org = await makeOrg();
    const recipients = [await makeUser(org), await makeUser(org), await makeUser(org)];
    const key = 'reminder:2026-11:org:1d';
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Each transaction notifies and then stays open a while, so on PostgreSQL the other one's
    // insert meets the uncommitted row and must wait for the outcome.
    const run = (order: User[]) =>
      orm.em.fork().transactional(async (em) => {
        const n = await service().notify(txOf(em), message(order, { dedupeKey: key }));
        await sleep(150);
        return n;
      });
    const results = await Promise.all([
      run(recipients),
      run([...recipients].reverse()),
      run([recipients[1]]),
    ]);
    expect(results.reduce((s, n) => s + n, 0)).toBe(3);
    for (const r of recipients) expect(await counts(r)).toEqual({ notifications: 1, outbox: 1 });
  });

  it('refuses messages that do not fit the columns, on every database alike', async () => {
    const user = await makeUser(await makeOrg());
    await expect(
      orm.em
        .fork()
        .transactional((em) =>
          service().notify(txOf(em), message([user], { subject: '长'.repeat(201) })),
        ),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      orm.em
        .fork()
        .transactional((em) => service().notify(txOf(em), message([user], { subject: '  ' }))),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(await counts(user)).toEqual({ notifications: 0, outbox: 0 });
  });

  it('finds the holders of a role in one body, or anywhere', async () => {
    const body = await makeOrg();
    const other = await makeOrg();
    const rec = await makeUser(body, ['recommender']);
    await makeUser(body, ['submitter']);
    await makeUser(body, ['recommender'], { active: false });
    const otherRec = await makeUser(other, ['recommender']);
    const office1 = await makeUser(other, ['officeStaff']);
    const office2 = await makeUser(body, ['recommender', 'officeStaff']);
    const svc = service();
    const em = orm.em.fork();
    expect(
      (await svc.recipientsWithRole(txOf(em), body.id, 'recommender')).map((u) => u.id).sort(),
    ).toEqual([rec.id, office2.id].sort());
    expect(
      (await svc.recipientsWithRole(txOf(em), other.id, 'recommender')).map((u) => u.id),
    ).toEqual([otherRec.id]);
    const office = (await svc.recipientsWithRole(txOf(em), null, 'officeStaff')).map((u) => u.id);
    expect(office).toEqual(expect.arrayContaining([office1.id, office2.id]));
    expect(office).not.toContain(rec.id);
  });

  describe('inbox', () => {
    let me: User;
    let someoneElse: User;

    beforeAll(async () => {
      const org = await makeOrg();
      me = await makeUser(org);
      someoneElse = await makeUser(org);
      for (let i = 1; i <= 5; i++) {
        await orm.em
          .fork()
          .transactional((em) =>
            service().notify(
              txOf(em),
              message([me, someoneElse], { subject: `通知${i}`, link: `/x/${i}` }),
            ),
          );
        clock.advance(60_000);
      }
    });

    it('lists newest first, page by page, with the unread count of the whole inbox', async () => {
      const first = await service().list(me.id, { limit: 2 });
      expect(first.items.map((n) => n.subject)).toEqual(['通知5', '通知4']);
      expect(first.unreadCount).toBe(5);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await service().list(me.id, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((n) => n.subject)).toEqual(['通知3', '通知2']);
      const third = await service().list(me.id, { limit: 2, cursor: second.nextCursor! });
      expect(third.items.map((n) => n.subject)).toEqual(['通知1']);
      expect(third.nextCursor).toBeNull();
      expect(first.items[0]).toMatchObject({
        kind: 'reminder.deadline',
        link: '/x/5',
        readAt: null,
      });
      await expect(service().list(me.id, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });

    it('marks one read, only for its recipient, and filters unread', async () => {
      const [newest] = (await service().list(me.id, { limit: 1 })).items;
      await expect(service().markRead(someoneElse.id, newest.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      const read = await service().markRead(me.id, newest.id);
      expect(read.readAt?.toISOString()).toBe(clock.now().toISOString());
      // Marking again keeps the first time.
      clock.advance(1000);
      const again = await service().markRead(me.id, newest.id);
      expect(again.readAt?.toISOString()).toBe(read.readAt?.toISOString());

      const unread = await service().list(me.id, { unread: true });
      expect(unread.items.map((n) => n.subject)).toEqual(['通知4', '通知3', '通知2', '通知1']);
      expect(unread.unreadCount).toBe(4);
      expect(await service().unreadCount(someoneElse.id)).toBe(5);
    });

    it('marks all of my notifications read and nobody else’s', async () => {
      expect(await service().markAllRead(me.id)).toEqual({ updated: 4 });
      expect(await service().unreadCount(me.id)).toBe(0);
      expect((await service().list(me.id, { unread: true })).items).toEqual([]);
      expect((await service().list(me.id)).items).toHaveLength(5);
      expect(await service().unreadCount(someoneElse.id)).toBe(5);
      expect(await service().markAllRead(me.id)).toEqual({ updated: 0 });
    });
  });
});
