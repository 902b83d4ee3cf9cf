/**
 * `npm run demo:month`: a month of collection in about half a minute. Boots the real application
 * on a fresh SQLite file with a simulated clock, loads the demo province in October, then lives
 * through November day by day: a nil report, late recommendations, the reminders 5 and 1 days before the
 * close, the close at midnight after the 10th (Asia/Shanghai), overdue notices and the office's
 * summary. Everything goes through the real services and the real scheduled cycle.
 */
import 'reflect-metadata';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AchievementsService } from '../src/achievements/achievements.service';
import { AppModule } from '../src/app.module';
import type { AuthUser } from '../src/access/auth-user';
import {
  CollectionCycleService,
  type PeriodStatus,
} from '../src/collection/collection-cycle.service';
import { ManualClock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { Notification } from '../src/notifications/notification.entity';
import { UsersService } from '../src/users/users.service';
import { seedDemo } from './seed-demo';

const DAY_MS = 24 * 3600 * 1000;
/** The demo province is loaded in October, so that November starts with nobody reported yet. */
const SEEDED_AT = new Date('2026-10-05T09:00:00+08:00');
/** 00:00 on 1 November in Shanghai. */
const NOVEMBER = new Date('2026-11-01T00:00:00+08:00');

function formatDay(at: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
  }).format(at);
}

function statusLines(status: PeriodStatus): string[] {
  return [
    `  ${status.period} 批次(${status.state === 'closed' ? '已截止' : '征集中'}):已报送 ${status.totals.reported} 家,零报告 ${status.totals.nil} 家,未报送 ${status.totals.pending} 家`,
    ...status.bodies.map(
      (b) =>
        `    ${b.statusLabel.padEnd(4, ' ')} ${b.organization.name}${b.reported ? `(${b.reported} 项)` : ''}`,
    ),
  ];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-demo-month-'));
  const clock = new ManualClock(SEEDED_AT);
  const config = {
    ...loadConfig({}),
    dataDir,
    schedulerEnabled: false,
    adminPassword: 'Demo-admin-2026!',
  };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, clock }), {
    logger: ['error', 'warn'],
  });
  try {
    const orm = app.get(MikroORM);
    const cycle = app.get(CollectionCycleService);
    const achievements = app.get(AchievementsService);
    const users = app.get(UsersService);
    const user = async (username: string): Promise<AuthUser> => {
      const found = (await users.list()).find((u) => u.username === username);
      if (!found) throw new Error(`demo user ${username} missing`);
      return found;
    };
    const inboxCount = async (kind: string) => orm.em.fork().count(Notification, { kind });

    await RequestContext.create(orm.em, async () => {
      console.log(`${formatDay(clock.now())}:加载演示省份……`);
      const seeded = await seedDemo(app);
      if (!seeded.seeded) throw new Error(seeded.reason);
      clock.set(NOVEMBER);
      const caughtUp = await cycle.tick();
      console.log(
        `${formatDay(clock.now())}:10 月批次已截止(定时任务执行 ${caughtUp} 项),11 月征集开始`,
      );
      console.log(statusLines(await cycle.status('2026-11')).join('\n'));

      const events: Record<number, () => Promise<string>> = {
        3: async () => {
          const reporter = await user('energy-recommender');
          const row = await cycle.fileNilReport(reporter, '2026-11', '本月无符合条件的重大成果');
          return `${row.organization.name}提交零报告`;
        },
        8: async () => {
          const office = await user('office');
          const waiting = (await achievements.list(office, { state: 'recommendation' })).items;
          const lines: string[] = [];
          for (const item of waiting) {
            const view = await achievements.get(office, item.id);
            const bodyId = view.recommendation.chain[view.recommendation.level];
            const recommender = (await users.list()).find(
              (u) => u.organizationId === bodyId && u.roles.includes('recommender'),
            );
            if (!recommender) continue;
            const result = await achievements.sendEvent(recommender, item.id, {
              type: 'RECOMMEND',
            });
            lines.push(`${recommender.organizationName}推荐「${view.title}」→ ${result.state}`);
          }
          return lines.join(';') || '无待推荐成果';
        },
      };

      for (let day = 2; day <= 12; day++) {
        clock.set(new Date(NOVEMBER.getTime() + (day - 1) * DAY_MS));
        const before = {
          reminder: await inboxCount('collection.reminder'),
          overdue: await inboxCount('collection.overdue'),
        };
        const note = events[day] ? await events[day]() : null;
        const fired = await cycle.tick();
        const reminders = (await inboxCount('collection.reminder')) - before.reminder;
        const overdue = (await inboxCount('collection.overdue')) - before.overdue;
        const parts = [
          note,
          fired ? `定时任务执行 ${fired} 项` : null,
          reminders ? `发出报送提醒 ${reminders} 条` : null,
          overdue ? `发出逾期通知 ${overdue} 条` : null,
        ].filter(Boolean);
        if (parts.length) console.log(`${formatDay(clock.now())}:${parts.join(',')}`);
        if (day === 11) {
          const office = await user('office');
          const moved = (
            await achievements.list(office, { state: 'eligibilityCheck' })
          ).items.filter((i) => i.period === '2026-11');
          console.log(`  11 月批次截止:${moved.length} 项成果进入形式审查`);
          console.log(statusLines(await cycle.status('2026-11')).join('\n'));
        }
      }
      console.log(
        '\n演示结束。真实部署中,上述每一步由定时任务自动完成;也可用 SIMULATED_CLOCK_START 启动服务并调用 POST /api/admin/clock 手动推进时钟。',
      );
    });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error('演示失败:', err);
  process.exitCode = 1;
});
