import type { MikroORM } from '@mikro-orm/core';
import { txOf } from '../database/tx';
import { Logger } from '@nestjs/common';
import { createTestOrm } from '../../test/support/test-database';
import { SmtpCapture } from '../../test/support/smtp-capture';
import { ManualClock } from '../common/clock';
import { loadConfig, type AppConfig } from '../config/app-config';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { EmailDispatcher, retryDelayMs } from './email-dispatcher.service';
import { NotificationsRepository } from './notifications.repository';
import { OutboxRepository } from './outbox.repository';
import { NotificationsService } from './notifications.service';
import { OutboxMessage } from './outbox-message.entity';

describe('EmailDispatcher on a real database and a real SMTP server', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  const smtp = new SmtpCapture();
  const clock = new ManualClock(new Date('2026-11-05T02:00:00Z'));
  let config: AppConfig;
  let users: User[];
  const dispatchers: EmailDispatcher[] = [];

  beforeAll(async () => {
    // The failures below are intended; keep their warnings out of the test output.
    Logger.overrideLogger(['fatal']);
    ({ orm, close } = await createTestOrm());
    await smtp.start();
    config = { ...loadConfig({}), smtpUrl: smtp.url, emailMaxAttempts: 3 };
    const em = orm.em.fork();
    const org = em.create(Organization, {
      name: '某某大学',
      type: 'university',
      city: '杭州',
      createdAt: clock.now(),
    });
    users = [1, 2, 3, 4, 5, 6].map((i) =>
      em.create(User, {
        username: `u${i}`,
        passwordHash: 'x',
        displayName: `用户${i}`,
        email: `u${i}@example.test`,
        organization: org,
        roles: ['recommender'],
        active: true,
        createdAt: clock.now(),
      }),
    );
    await em.flush();
  });
  afterAll(async () => {
    dispatchers.forEach((d) => d.onModuleDestroy());
    await smtp.stop();
    await close();
  });

  const dispatcher = () => {
    const d = new EmailDispatcher(new OutboxRepository(orm.em), clock, config);
    dispatchers.push(d);
    return d;
  };

  async function enqueue(recipients: User[], subject: string): Promise<void> {
    const notifications = new NotificationsService(
      new NotificationsRepository(orm.em.fork()),
      clock,
      config,
    );
    await orm.em
      .fork()
      .transactional((em) =>
        notifications.notify(txOf(em), { recipients, kind: 'test', subject, body: '正文' }),
      );
  }

  const outbox = () => orm.em.fork().find(OutboxMessage, {}, { orderBy: { toAddress: 'asc' } });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 7, 8, 20].map(retryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('sends each message once when two instances dispatch at the same time', async () => {
    await enqueue(users, '并发发送测试');
    const [a, b] = await Promise.all([dispatcher().dispatchDue(), dispatcher().dispatchDue()]);
    expect(a.sent + b.sent).toBe(6);
    expect(a.retrying + b.retrying + a.failed + b.failed).toBe(0);
    const received = smtp.messages.filter((m) => m.subject === '并发发送测试');
    expect(received.map((m) => m.to[0]).sort()).toEqual(users.map((u) => u.email).sort());
    const rows = await outbox();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(rows[0].sentAt?.toISOString()).toBe(clock.now().toISOString());
    // Nothing is due any more.
    expect(await dispatcher().dispatchDue()).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
  });

  it('retries with backoff while SMTP is down and gives up after the last attempt', async () => {
    await smtp.stop();
    await enqueue([users[0]], '重试测试');
    const d = dispatcher();
    const row = async () =>
      orm.em.fork().findOneOrFail(OutboxMessage, { notification: { subject: '重试测试' } });

    expect(await d.dispatchDue()).toMatchObject({ retrying: 1, sent: 0 });
    let r = await row();
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    expect(r.lastError).toEqual(expect.any(String));
    expect(r.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 60_000);

    // Not yet due: nothing happens.
    clock.advance(59_000);
    expect(await d.dispatchDue()).toMatchObject({ retrying: 0, sent: 0, failed: 0 });
    clock.advance(1_000);
    expect(await d.dispatchDue()).toMatchObject({ retrying: 1 });
    r = await row();
    expect(r).toMatchObject({ status: 'pending', attempts: 2 });
    expect(r.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 120_000);

    clock.advance(120_000);
    expect(await d.dispatchDue()).toMatchObject({ failed: 1 });
    r = await row();
    expect(r).toMatchObject({ status: 'failed', attempts: 3, sentAt: null });

    // A failed message stays failed, even once SMTP is back.
    await smtp.start();
    clock.advance(3_600_000);
    expect(await d.dispatchDue()).toMatchObject({ sent: 0 });
    expect(smtp.messages.filter((m) => m.subject === '重试测试')).toEqual([]);
  });

  it('does nothing while e-mail is off', async () => {
    await enqueue([users[1]], '关闭测试');
    const off = new EmailDispatcher(new OutboxRepository(orm.em), clock, {
      ...config,
      smtpUrl: null,
    });
    expect(await off.dispatchDue()).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    const r = await orm.em
      .fork()
      .findOneOrFail(OutboxMessage, { notification: { subject: '关闭测试' } });
    expect(r).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
