import { EmailDispatcher } from '../src/notifications/email-dispatcher.service';
import { txOf } from '../src/database/tx';
import { NotificationsService } from '../src/notifications/notifications.service';
import { OutboxMessage } from '../src/notifications/outbox-message.entity';
import { User } from '../src/users/user.entity';
import { SmtpCapture } from './support/smtp-capture';
import {
  createTestApp,
  ADMIN_PASSWORD,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';
import { firstLogin, INITIAL_PASSWORD, login, type Login } from './support/world';

describe('Notifications: inbox API and e-mail through a real SMTP server', () => {
  const smtp = new SmtpCapture();
  let t: TestApp;
  let alice: Login;
  let bob: Login;
  const ALICE_MAIL = 'alice@example.test';

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ config: { smtpUrl: smtp.url } });
    const admin = await login(t, 'admin', ADMIN_PASSWORD);
    const org = await t
      .http()
      .post('/api/organizations')
      .set(admin.auth)
      .send({ name: '杭州市科学技术局', type: 'cityBureau', city: '杭州' })
      .expect(201);
    const securityAdmin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
    const user = async (username: string) => {
      await t
        .http()
        .post('/api/users')
        .set(securityAdmin.auth)
        .send({
          username,
          password: INITIAL_PASSWORD,
          displayName: username,
          organizationId: org.body.id,
          roles: ['recommender'],
        })
        .expect(201);
      return firstLogin(t, username);
    };
    alice = await user('alice');
    bob = await user('bob');
    await t.orm.em.fork().nativeUpdate(User, { id: alice.id }, { email: ALICE_MAIL });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  function notify(
    recipients: string[],
    subject: string,
    extra: { body?: string; link?: string; dedupeKey?: string } = {},
  ): Promise<number> {
    const notifications = t.app.get(NotificationsService);
    return t.orm.em.fork().transactional((em) =>
      notifications.notify(txOf(em), {
        recipients,
        kind: 'reminder.deadline',
        subject,
        body: extra.body ?? '请于本月 10 日前完成成果推荐。',
        ...extra,
      }),
    );
  }

  const dispatch = () => t.app.get(EmailDispatcher).dispatchDue();
  const outboxFor = (subject: string) =>
    t.orm.em.fork().findOneOrFail(OutboxMessage, { notification: { subject } });

  describe('e-mail', () => {
    it('delivers a queued message with its Chinese subject and body', async () => {
      const subject = '【浙里好成果】11月成果报送截止提醒';
      expect(
        await notify([alice.id, bob.id], subject, {
          body: '贵单位尚未报送本月成果,报送将于 2026年11月10日 24:00 截止。',
          link: '/collection/periods/2026-11',
        }),
      ).toBe(2);
      // Only alice has an address; bob gets the inbox message only.
      expect(await t.orm.em.fork().count(OutboxMessage, { notification: { subject } })).toBe(1);
      expect(await dispatch()).toMatchObject({ sent: 1, retrying: 0, failed: 0 });

      const mails = smtp.messages.filter((m) => m.subject === subject);
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual([ALICE_MAIL]);
      expect(mails[0].headers.from).toContain('浙里好成果');
      expect(mails[0].text).toContain('报送将于 2026年11月10日 24:00 截止');
      expect(mails[0].text).toContain('/collection/periods/2026-11');
      const row = await outboxFor(subject);
      expect(mails[0].headers['message-id']).toBe(`<outbox-${row.id}@chengguo>`);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(row.sentAt?.toISOString()).toBe(t.clock.now().toISOString());

      // A second dispatch sends nothing again.
      expect(await dispatch()).toMatchObject({ sent: 0 });
      expect(smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1);
    });

    it('keeps the message while SMTP is down and delivers it when the server is back', async () => {
      await smtp.stop();
      const subject = '【浙里好成果】成果已逾期未报送';
      await notify([alice.id], subject, { dedupeKey: 'overdue:2026-11:test' });

      expect(await dispatch()).toMatchObject({ sent: 0, retrying: 1 });
      let row = await outboxFor(subject);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());

      // Not due yet: even with the server back, nothing is attempted before the backoff ends.
      await smtp.start();
      expect(await dispatch()).toMatchObject({ sent: 0, retrying: 0 });
      expect(smtp.messages.filter((m) => m.subject === subject)).toHaveLength(0);

      t.clock.advance(row.nextAttemptAt.getTime() - t.clock.now().getTime());
      expect(await dispatch()).toMatchObject({ sent: 1 });
      row = await outboxFor(subject);
      expect(row).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      const mails = smtp.messages.filter((m) => m.subject === subject);
      expect(mails.map((m) => m.to)).toEqual([[ALICE_MAIL]]);

      // The same reminder again (a second run of the job) creates and sends nothing.
      expect(await notify([alice.id], subject, { dedupeKey: 'overdue:2026-11:test' })).toBe(0);
      expect(await dispatch()).toMatchObject({ sent: 0 });
    });
  });

  describe('inbox API', () => {
    const inbox = (who: Login, query = '') =>
      t.http().get(`/api/notifications${query}`).set(who.auth).expect(200);

    beforeAll(async () => {
      // Start from a clean slate for both users.
      await t.http().post('/api/notifications/read-all').set(alice.auth).expect(200);
      await t.http().post('/api/notifications/read-all').set(bob.auth).expect(200);
      for (const n of [1, 2, 3]) {
        t.clock.advance(60_000);
        await notify([alice.id], `待办通知 ${n}`);
      }
      await notify([bob.id], '仅发给 bob 的通知');
    });

    it('lists my notifications, newest first, with my unread count', async () => {
      const res = await inbox(alice, '?unread=true');
      expect(res.body.items.map((n: { subject: string }) => n.subject)).toEqual([
        '待办通知 3',
        '待办通知 2',
        '待办通知 1',
      ]);
      expect(res.body.unreadCount).toBe(3);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[0]).toMatchObject({
        id: expect.any(String),
        kind: 'reminder.deadline',
        body: '请于本月 10 日前完成成果推荐。',
        link: null,
        readAt: null,
        createdAt: t.clock.now().toISOString(),
      });
      // All notifications (read ones too), page by page.
      const all = await inbox(alice);
      expect(all.body.items.length).toBeGreaterThan(3);
      const page1 = await inbox(alice, '?limit=2');
      expect(page1.body.items).toHaveLength(2);
      const page2 = await inbox(alice, `?limit=2&cursor=${page1.body.nextCursor}`);
      expect(page2.body.items[0].subject).toBe('待办通知 1');
      // Bob's message is not in alice's inbox.
      expect(JSON.stringify(all.body)).not.toContain('仅发给 bob');
    });

    it('marks one read; another user’s notification is not found', async () => {
      const bobs = (await inbox(bob, '?unread=true')).body.items[0];
      expect(bobs.subject).toBe('仅发给 bob 的通知');
      const denied = await t
        .http()
        .post(`/api/notifications/${bobs.id}/read`)
        .set(alice.auth)
        .expect(404);
      expect(denied.body.message).toBe('未找到该通知');
      expect((await inbox(bob)).body.unreadCount).toBe(1);

      const newest = (await inbox(alice, '?unread=true')).body.items[0];
      const read = await t
        .http()
        .post(`/api/notifications/${newest.id}/read`)
        .set(alice.auth)
        .expect(200);
      expect(read.body).toMatchObject({ id: newest.id, readAt: t.clock.now().toISOString() });
      const after = await inbox(alice, '?unread=true');
      expect(after.body.unreadCount).toBe(2);
      expect(after.body.items.map((n: { id: string }) => n.id)).not.toContain(newest.id);
    });

    it('marks all mine read and leaves others’ alone', async () => {
      const res = await t.http().post('/api/notifications/read-all').set(alice.auth).expect(200);
      expect(res.body).toEqual({ updated: 2 });
      const after = await inbox(alice, '?unread=true');
      expect(after.body).toEqual({ items: [], unreadCount: 0, nextCursor: null });
      expect((await inbox(bob)).body.unreadCount).toBe(1);
    });

    it('refuses bad input in Chinese and callers without a token', async () => {
      const badId = await t
        .http()
        .post('/api/notifications/not-a-uuid/read')
        .set(alice.auth)
        .expect(400);
      expect(badId.body.errors).toEqual({ id: ['不是有效的通知 ID'] });
      const badQuery = await t.http().get('/api/notifications?unread=yes&limit=0').set(alice.auth);
      expect(badQuery.status).toBe(400);
      expect(Object.keys(badQuery.body.errors).sort()).toEqual(['limit', 'unread']);
      const badCursor = await t.http().get('/api/notifications?cursor=abc').set(alice.auth);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.errors).toEqual({ cursor: ['分页游标无效'] });
      await t.http().get('/api/notifications').expect(401);
      await t.http().post('/api/notifications/read-all').expect(401);
    });
  });
});
