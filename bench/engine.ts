import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { achievementWorkflow } from '../src/achievements/achievement-workflow.definition';
import { AchievementsService } from '../src/achievements/achievements.service';
import type { AchievementRecordDto } from '../src/achievements/dto/achievement-record.dto';
import { AppModule } from '../src/app.module';
import { toWorkflowActor, type AuthUser } from '../src/access/auth-user';
import { CollectionCycleService } from '../src/collection/collection-cycle.service';
import { loadConfig, type SqliteDriverName } from '../src/config/app-config';
import { configureApp } from '../src/configure-app';
import { WorkflowRunner } from '../src/workflow/workflow-runner.service';
import { BENCH_SCORING, SCORE_SHEET, STAGES, type Stage, type StageActor } from './stages';
import { PRAGMA_NAMES, type Pragmas } from './sqlite';
import type { Bounds } from './storage-limit';
import { ratePerSecond } from './stats';

export const ADMIN_PASSWORD = 'Bench-chief-2026!';
/** Accounts are the security administrator's to create (three administrators, none above all). */
export const SECURITY_ADMIN_PASSWORD = 'Bench-warden-2026!';
const PASSWORD = 'Bench-user-2026!';
const INITIAL_PASSWORD = 'Bench-start-2026!';

export interface BenchUser extends AuthUser {
  token: string;
}
export type BenchWorld = Record<StageActor, BenchUser>;

export interface RunningApp {
  app: NestExpressApplication;
  baseUrl: string;
}

/** The real application on a fresh SQLite file in `dataDir`, listening on 127.0.0.1. */
export async function bootApp(
  dataDir: string,
  sqliteDriver: SqliteDriverName = 'sqlite',
): Promise<RunningApp> {
  const config = {
    ...loadConfig({}),
    dataDir,
    sqliteDriver,
    adminPassword: ADMIN_PASSWORD,
    securityAdminPassword: SECURITY_ADMIN_PASSWORD,
    loginRateLimit: 1000,
    schedulerEnabled: false,
    // The bench measures the workflow, not the login: no second factor for its admin and office.
    requireTotpRoles: [],
  };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config }), {
    bodyParser: false,
    logger: ['error'],
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export async function api<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function loginAs(
  baseUrl: string,
  username: string,
  password: string,
): Promise<BenchUser> {
  const { accessToken } = await api<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', {
    username,
    password,
  });
  const me = await api<AuthUser>(baseUrl, 'GET', '/api/auth/me', undefined, accessToken);
  return { ...me, token: accessToken };
}

/**
 * A small province through the admin API, as test/support/world.ts builds it: a city bureau with
 * an enterprise under it (whose submitter owns the items), the provincial office, and one expert
 * from an independent institute. The scoring quorum is set to one.
 */
export async function seedWorld(baseUrl: string): Promise<BenchWorld> {
  const admin = await loginAs(baseUrl, 'admin', ADMIN_PASSWORD);
  const securityAdmin = await loginAs(baseUrl, 'secadmin', SECURITY_ADMIN_PASSWORD);
  const org = (body: Record<string, unknown>) =>
    api<{ id: string }>(baseUrl, 'POST', '/api/organizations', body, admin.token);
  const user = async (username: string, organizationId: string, roles: string[]) => {
    await api(
      baseUrl,
      'POST',
      '/api/users',
      { username, password: INITIAL_PASSWORD, displayName: username, organizationId, roles },
      securityAdmin.token,
    );
    // A new user sets their own password at the first login, as every user must.
    const first = await loginAs(baseUrl, username, INITIAL_PASSWORD);
    await api(
      baseUrl,
      'POST',
      '/api/auth/password',
      { currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD },
      first.token,
    );
    return loginAs(baseUrl, username, PASSWORD);
  };
  const bureau = await org({ name: '杭州市科学技术局', type: 'cityBureau', city: '杭州' });
  const enterprise = await org({
    name: '某某科技有限公司',
    type: 'enterprise',
    city: '杭州',
    reportsThroughId: bureau.id,
  });
  const institute = await org({ name: '某某研究院', type: 'researchInstitute', city: '杭州' });
  const orgs = await api<{ id: string; type: string }[]>(
    baseUrl,
    'GET',
    '/api/organizations',
    undefined,
    admin.token,
  );
  const province = orgs.find((o) => o.type === 'provincialDepartment');
  if (!province) throw new Error('no provincial department seeded');
  await api(baseUrl, 'PUT', '/api/settings/scoring', BENCH_SCORING, admin.token);
  return {
    submitter: await user('submitter', enterprise.id, ['submitter']),
    recommender: await user('recommender', bureau.id, ['recommender']),
    office: await user('office', province.id, ['officeStaff']),
    expert: await user('expert', institute.id, ['expert']),
  };
}

export const LOGINS: Record<StageActor, [string, string]> = {
  submitter: ['submitter', PASSWORD],
  recommender: ['recommender', PASSWORD],
  office: ['office', PASSWORD],
  expert: ['expert', PASSWORD],
};

export function itemRecord(n: number): AchievementRecordDto {
  return {
    title: `高性能碳化硅功率芯片 ${n}`,
    summary: '突破碳化硅MOSFET关键工艺,实现车规级量产。',
    category: 'techBreakthrough',
    domain: 'integratedCircuits',
    levelClaim: 'domesticLeading',
    breaksMonopoly: true,
    completingUnits: [{ name: '某某科技有限公司' }],
    completers: [{ name: '李四', unit: '某某科技有限公司' }],
    ip: { owner: '某某科技有限公司', patents: ['ZL202310000000.1'], noDispute: true },
    evidence: { replaces: '进口碳化硅MOSFET', industrialization: '已量产,年销售额2亿元' },
  };
}

/** Draft items created through the real service (one transaction each), returned by id. */
export async function createItems(
  app: NestExpressApplication,
  owner: AuthUser,
  count: number,
): Promise<string[]> {
  const service = app.get(AchievementsService);
  const orm = app.get(MikroORM);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    // A request context per item, as the HTTP middleware gives each request.
    const created = await RequestContext.create(orm.em, () => service.create(owner, itemRecord(i)));
    ids.push(created.id);
  }
  return ids;
}

/** The event payloads the host adds (period, policy, panel) or the user sends (score sheet). */
export function payloadFor(
  stage: Stage,
  period: string,
  panel: string[] = [],
): Record<string, unknown> {
  switch (stage.event) {
    case 'RECOMMEND':
      return { period };
    case 'PASS_ELIGIBILITY':
      return { scoring: BENCH_SCORING, panel };
    case 'SUBMIT_SCORE':
      return { scores: SCORE_SHEET };
    default:
      return {};
  }
}

export interface EngineResult {
  transitions: number;
  items: number;
  elapsedMs: number;
  transitionsPerSecond: number;
  /** CPU time of this process per transition (the rest of the wall time is I/O and waiting). */
  cpuMsPerTransition: number;
  /** Per transition, milliseconds. */
  latency: number[];
  avgSnapshotBytes: number;
  avgAuditRowBytes: number;
  pragmas: Pragmas;
}

/**
 * WorkflowRunner.send in-process, one event at a time: each is load, restore, authorise, send,
 * and snapshot + version + hashed audit row committed in one transaction. Only the sends are timed;
 * the loop ends at `bounds.maxCount` transitions or `bounds.maxMs` of timed sending.
 */
export async function engineInProcess(
  app: NestExpressApplication,
  world: BenchWorld,
  bounds: Bounds,
  batch = 100,
): Promise<EngineResult> {
  const runner = app.get(WorkflowRunner);
  const period = await app.get(CollectionCycleService).periodForRecommendation();
  const events = STAGES.map((stage) => ({
    type: stage.event,
    actor: toWorkflowActor(world[stage.by]),
    payload: payloadFor(stage, period, [world.expert.id]),
  }));
  const timed = await timeWalks(
    (id, s) => runner.send(achievementWorkflow, id, events[s]),
    // Draft items are made in batches between timed stretches, so none are made in vain.
    () => createItems(app, world.submitter, batch),
    bounds,
  );
  const sizes = await rowSizes(app.get(MikroORM).em.fork(), achievementWorkflow.name);
  return { ...timed, ...sizes, pragmas: await enginePragmas(app.get(MikroORM).em.fork()) };
}

/**
 * The timed part of an in-process run: items walk the six stages one send at a time (`send(id,
 * stage index)`), new ones come from `more()` between timed stretches, and only the sends are
 * timed, until `bounds.maxCount` transitions or `bounds.maxMs` of timed sending.
 */
export async function timeWalks(
  send: (id: string, stage: number) => Promise<{ state: string }>,
  more: () => Promise<string[]>,
  bounds: Bounds,
): Promise<Omit<EngineResult, 'avgSnapshotBytes' | 'avgAuditRowBytes' | 'pragmas'>> {
  const latency: number[] = [];
  let transitions = 0;
  let used = 0;
  let elapsedMs = 0;
  let cpuMs = 0;
  let items: string[] = [];
  while (transitions < bounds.maxCount && elapsedMs < bounds.maxMs) {
    if (items.length === 0) items = await more();
    const id = items.pop() as string;
    used++;
    for (const s of STAGES.keys()) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await send(id, s);
      const cpu = process.cpuUsage(cpu0);
      const dt = performance.now() - t0;
      cpuMs += (cpu.user + cpu.system) / 1000;
      if (result.state !== STAGES[s].to)
        throw new Error(`${STAGES[s].event} left ${id} in ${result.state}`);
      latency.push(dt);
      elapsedMs += dt;
      transitions++;
    }
  }
  return {
    transitions,
    items: used,
    elapsedMs,
    transitionsPerSecond: ratePerSecond(transitions, elapsedMs),
    cpuMsPerTransition: Math.round((cpuMs / Math.max(1, transitions)) * 100) / 100,
    latency,
  };
}

/** Average bytes the runner writes per transition of one workflow: the snapshot and one audit row. */
export async function rowSizes(em: EntityManager, definition: string) {
  const [snap] = await query<{ bytes: number }>(
    em,
    'SELECT avg(length(snapshot)) AS bytes FROM workflow_instance WHERE definition = ? AND version > 1',
    [definition],
  );
  const [audit] = await query<{ bytes: number }>(
    em,
    `SELECT avg(36 + 8 + length(event_type) + coalesce(length(from_state), 0) + length(to_state) +
       length(actor_id) + length(actor_role) + length(at) + coalesce(length(comment), 0) +
       length(payload) + coalesce(length(prev_hash), 0) + length(hash)) AS bytes
     FROM audit_event a JOIN workflow_instance w ON w.id = a.instance_id
     WHERE a.seq > 1 AND w.definition = ?`,
    [definition],
  );
  return {
    avgSnapshotBytes: Math.round(Number(snap?.bytes ?? 0)),
    avgAuditRowBytes: Math.round(Number(audit?.bytes ?? 0)),
  };
}

/** The pragmas in force on the ORM's own connection, to prove the raw benchmarks use the same. */
export async function enginePragmas(em: EntityManager): Promise<Pragmas> {
  const out: Record<string, unknown> = {};
  for (const name of PRAGMA_NAMES) {
    const [row] = await query<Record<string, unknown>>(em, `PRAGMA ${name}`);
    out[name] = row ? Object.values(row)[0] : null;
  }
  return out as unknown as Pragmas;
}

async function query<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await em.getConnection().execute(sql, params)) as T[];
}
