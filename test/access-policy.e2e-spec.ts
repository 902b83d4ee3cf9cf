import { txOf } from '../src/database/tx';
import type { UserRole } from '../workflows/achievement.machine';
import { EntityManager } from '@mikro-orm/core';
import { isDeepStrictEqual } from 'node:util';
import { NotificationsService } from '../src/notifications/notifications.service';
import { StatsReportsService } from '../src/stats/stats-reports.service';
import { ACCESS_MATRIX, ROLES, type RoutePolicy } from './support/access-matrix';
import { pdf, png } from './support/attachment-fixtures';
import { registeredRoutes } from './support/routes';
import {
  ADMIN_PASSWORD,
  AUDIT_ADMIN_PASSWORD,
  createTestApp,
  SECURITY_ADMIN_PASSWORD,
  type TestApp,
} from './support/test-app';
import {
  ItemDriver,
  buildWorld,
  login as signIn,
  techBreakthrough,
  type Login,
  type World,
} from './support/world';

/**
 * Every route × every role (and anonymous) × own / other organisation, as the policy in
 * test/support/access-matrix.ts says. One app and one set of fixtures serve all cells.
 *
 * Mutating routes would spoil later cells if an allowed call went through, so their requests are
 * built to stop just after the access checks: a body the validation refuses (400) on routes whose
 * guard decides by role alone, or, on routes that check the caller against the object, a valid
 * body aimed at an object in a state that refuses the change (409) or an event that needs a
 * comment it lacks (400, raised after the visibility check). Either answer proves the guards let
 * the caller through; a denied caller gets 401/403 before any of it. The few allowed calls that
 * do write (a new draft, a progress report and its approval, a site photo, notifications marked
 * read, logging in) change nothing the other cells depend on.
 */

type Who = UserRole | 'anonymous';
/**
 * own / other: the caller's objects or another organisation's. crossed: on routes naming an object
 * inside another (an attachment of an item, a progress report of a library entry), the caller's
 * own parent with another organisation's child, which must be 404 (not found under that parent).
 */
type Cell = 'own' | 'other' | 'crossed';
const PASSWORD = 'Heron-Lake-2026!';
const OFFER = {
  modes: ['licence'],
  negotiable: true,
  seeks: ['capital'],
  openToContact: true,
  contactName: '赵六',
  contactPhone: '0571-87654321',
};

interface Fixtures {
  users: Record<UserRole, Login & { username: string; password: string }>;
  /** Own: a Hangzhou item in expert scoring (panel includes the expert), with an attachment. */
  ownItem: string;
  ownAttachment: string;
  /** Other: a Ningbo draft with an attachment. */
  otherItem: string;
  otherAttachment: string;
  ownVisit: string;
  otherVisit: string;
  ownLibrary: string;
  otherLibrary: string;
  ownProgress: string;
  otherProgress: string;
  /** A published Hangzhou item, for the public catalogue. */
  published: string;
  edition: string;
  report: string;
  otherExpert: string;
  /** A cooperation request of the partner on the published item; another partner's on a Ningbo one. */
  ownRequest: string;
  otherRequest: string;
  /** Each role's own first notification, and one belonging to a Ningbo user. */
  notifications: Record<UserRole, string>;
  otherNotification: string;
}

const STATISTICS =
  /^\/api\/stats\/(funnel|trend|targets|discipline|process)$|^\/api\/exports\/items$|^\/stats\/?$|^\/stats\/export\/items$/;
const UNAUTHORIZED = { statusCode: 401, error: 'Unauthorized', message: '请先登录' };
const RANDOM_ID = '6f1c2b9e-3d4a-4f5b-8c7d-0e1f2a3b4c5d';

async function upload(t: TestApp, who: Login, item: string): Promise<string> {
  const res = await t
    .http()
    .post(`/api/achievements/${item}/attachments`)
    .set(who.auth)
    .attach('file', pdf(), 'proof.pdf')
    .field('kind', 'other');
  if (res.status !== 201) throw new Error(`upload → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function buildFixtures(t: TestApp, w: World): Promise<Fixtures> {
  const ningbo: World = { ...w, submitter: w.nbSubmitter, recommender: w.nbRecommender };
  const http = () => t.http();

  const own = await ItemDriver.create(t, w);
  const ownAttachment = await upload(t, w.submitter, own.id);
  await own.toScoring();

  const other = await ItemDriver.create(t, ningbo, techBreakthrough({ title: '宁波成果' }));
  const otherAttachment = await upload(t, w.nbSubmitter, other.id);

  const team = async (item: ItemDriver, members: Login[]) => {
    await item.toVerification();
    await http()
      .put(`/api/verification/items/${item.id}/team`)
      .set(w.office.auth)
      .send({ members: members.map((m) => m.id) })
      .expect(200);
  };
  // The expert and the office user sit on the own visit's team, not on the other's.
  const ownVisit = await ItemDriver.create(t, w);
  await team(ownVisit, [w.office, w.experts[0]]);
  const otherVisit = await ItemDriver.create(t, ningbo);
  await team(otherVisit, [w.experts[1], w.experts[2]]);

  const progress = async (who: Login, item: ItemDriver) =>
    (
      await http()
        .post(`/api/library/${item.id}/progress`)
        .set(who.auth)
        .send({ title: '第二代产品量产', content: '年产能提升至十万片。' })
        .expect(201)
    ).body.id as string;
  const ownLibrary = await ItemDriver.create(t, w);
  await ownLibrary.toLibrary();
  const otherLibrary = await ItemDriver.create(t, ningbo);
  await otherLibrary.toLibrary();

  const published = await ItemDriver.create(t, w);
  await published.toPublished();
  const otherPublished = await ItemDriver.create(
    t,
    ningbo,
    techBreakthrough({ title: '宁波成果二' }),
  );
  await otherPublished.toPublished();

  // Two approved partners (对接方), each with a request on an item that has an offer.
  const partner = async (username: string, creditCode: string) => {
    const res = await http()
      .post('/api/partners/register')
      .send({
        organizationName: `${username} 投资有限公司`,
        creditCode,
        contactPerson: '王五',
        phone: '0574-88886666',
        email: `${username}@example.com`,
        kind: 'investor',
        username,
        password: PASSWORD,
      })
      .expect(201);
    await http()
      .post(`/api/partners/${res.body.id}/decision`)
      .set(w.office.auth)
      .send({ decision: 'approve' })
      .expect(200);
    return signIn(t, username, PASSWORD);
  };
  const offerOn = (who: Login, item: ItemDriver) =>
    http().put(`/api/transformation/offers/${item.id}`).set(who.auth).send(OFFER).expect(200);
  const ask = async (who: Login, item: ItemDriver) =>
    (
      await http()
        .post(`/api/transformation/offers/${item.id}/requests`)
        .set(who.auth)
        .send({ message: '希望对接。' })
        .expect(201)
    ).body.id as string;
  const partnerLogin = await partner('partner', '91330000142916567N');
  const otherPartner = await partner('partner2', '91110000802100433B');
  await offerOn(w.submitter, published);
  await offerOn(w.nbSubmitter, otherPublished);
  const ownRequest = await ask(partnerLogin, published);
  const otherRequest = await ask(otherPartner, otherPublished);

  const edition = (
    await http()
      .post('/api/editions')
      .set(w.office.auth)
      .send({ kind: 'monthly', period: '2026-11' })
      .expect(201)
  ).body.id as string;
  await t.app.get(StatsReportsService).ensureDraft('2026-10');
  const report = (await http().get('/api/stats/reports').set(w.office.auth).expect(200)).body[0]
    .id as string;

  const users = {
    submitter: { ...w.submitter, username: 'submitter', password: PASSWORD },
    recommender: { ...w.recommender, username: 'recommender', password: PASSWORD },
    expert: { ...w.experts[0], username: 'expert1', password: PASSWORD },
    officeStaff: { ...w.office, username: 'office', password: PASSWORD },
    admin: { ...w.admin, username: 'admin', password: ADMIN_PASSWORD },
    securityAdmin: { ...w.securityAdmin, username: 'secadmin', password: SECURITY_ADMIN_PASSWORD },
    auditAdmin: { ...w.auditAdmin, username: 'auditadmin', password: AUDIT_ADMIN_PASSWORD },
    partner: { ...partnerLogin, username: 'partner', password: PASSWORD },
  };
  // Not every role has been told anything yet: give each one message, as the system sends them.
  await t.app.get(NotificationsService).notify(txOf(t.app.get(EntityManager).fork()), {
    recipients: [...Object.values(users).map((u) => u.id), w.nbSubmitter.id],
    kind: 'access.policy',
    subject: '权限矩阵测试通知',
    body: '用于权限矩阵测试。',
  });
  const firstNotification = async (who: Login) => {
    const res = await http().get('/api/notifications').set(who.auth).expect(200);
    return (res.body.items as { id: string }[])[0].id;
  };
  const notifications = {} as Record<UserRole, string>;
  for (const role of ROLES) notifications[role] = await firstNotification(users[role]);

  return {
    users,
    ownItem: own.id,
    ownAttachment,
    otherItem: other.id,
    otherAttachment,
    ownVisit: ownVisit.id,
    otherVisit: otherVisit.id,
    ownLibrary: ownLibrary.id,
    otherLibrary: otherLibrary.id,
    ownProgress: await progress(w.submitter, ownLibrary),
    otherProgress: await progress(w.nbSubmitter, otherLibrary),
    published: published.id,
    ownRequest,
    otherRequest,
    edition,
    report,
    otherExpert: w.experts[1].id,
    notifications,
    otherNotification: await firstNotification(w.nbSubmitter),
  };
}

/** The concrete path of a route for one cell: own or other objects, or the shared ones. */
function pathFor(route: string, fx: Fixtures, who: Who, cell: Cell): string {
  const path = route.split(' ')[1];
  const own = cell !== 'other';
  const ownChild = cell === 'own';
  const role: UserRole = who === 'anonymous' ? 'submitter' : who;
  const id = (() => {
    if (/^(\/api)?\/verification\//.test(path)) return own ? fx.ownVisit : fx.otherVisit;
    if (/^\/api\/transformation\/requests\/|^\/transfer\/requests\//.test(path)) {
      return own ? fx.ownRequest : fx.otherRequest;
    }
    if (/^\/api\/transformation\/offers\/|^\/transfer\/offers\//.test(path)) {
      return own ? fx.ownItem : fx.otherItem;
    }
    if (/^\/transfer\/items\//.test(path)) return fx.published;
    if (/^(\/api)?\/library\//.test(path)) return own ? fx.ownLibrary : fx.otherLibrary;
    // Office-only evaluation tools act on a draft, which refuses them (409) after the guards.
    if (/^\/api\/evaluation\/items\/|^\/review\//.test(path)) return fx.otherItem;
    if (/^\/api\/achievements\/|^\/items\/|^\/achievements\//.test(path)) {
      return own ? fx.ownItem : fx.otherItem;
    }
    if (/^\/api\/public\/achievements\/|^\/public\/:id/.test(path)) return fx.published;
    if (/editions\//.test(path)) return fx.edition;
    if (/reports\//.test(path)) return fx.report;
    if (/^\/api\/experts\//.test(path)) return own ? fx.users.expert.id : fx.otherExpert;
    if (/^\/api\/notifications\/|^\/inbox\//.test(path)) {
      return own ? fx.notifications[role] : fx.otherNotification;
    }
    return RANDOM_ID;
  })();
  // Statistics are scoped by city: the recommender's own (Hangzhou) or another (Ningbo).
  const city = STATISTICS.test(path) ? `?city=${encodeURIComponent(own ? '杭州' : '宁波')}` : '';
  // Closing, reopening or reporting nil for a malformed period is refused (400) after the guards.
  const period = /^(POST)/.test(route) ? 'no-such-period' : '2026-11';
  return path
    .replace('/{*all}', '/no-such-page')
    .replace(':attachmentId', ownChild ? fx.ownAttachment : fx.otherAttachment)
    .replace(':progressId', ownChild ? fx.ownProgress : fx.otherProgress)
    .replace(':expertId', fx.users.expert.id)
    .replace(':id', id)
    .replace(':period', period)
    .replace(':kind', 'domain')
    .replace(':key', 'integratedCircuits')
    .replace(':format', 'html')
    .replace(':step', 'no-such-step')
    .concat(city);
}

/** A body that passes validation where the route checks the caller against an object. */
function bodyFor(route: string, fx: Fixtures, who: Who): Record<string, unknown> {
  const login = who === 'anonymous' ? fx.users.submitter : fx.users[who];
  switch (route) {
    case 'POST /api/auth/login':
    case 'POST /login':
      return { username: login.username, password: login.password };
    case 'POST /api/achievements':
      return techBreakthrough({ title: '权限矩阵测试成果' });
    case 'PATCH /api/achievements/:id':
      return { title: '越权修改的标题' };
    // Valid, so that the owner check answers; the own item is not in the library (400).
    case 'PUT /api/transformation/offers/:id':
      return OFFER;
    // Valid, so that whose request it is answers; a decline without a reason is then a 400.
    case 'POST /api/transformation/requests/:id/actions':
      return { action: 'decline' };
    case 'POST /api/achievements/:id/events':
    case 'POST /items/:id/events':
      return { type: 'REJECT' };
    case 'POST /api/library/:id/progress':
    case 'POST /library/:id/progress':
      return { title: '最新进展', content: '产能提升。' };
    // The console's findings form is validated before the team check, so it must be valid.
    case 'POST /verification/:id/findings':
      return {
        'checklist.0.item': '生产线与申报材料一致',
        'checklist.0.passed': 'on',
        narrative: '现场核查情况属实。',
        conclusion: 'pass',
      };
    // Valid, so that a progress report under another entry is looked up (404) rather than refused
    // for the body; the own and other cells approve the fixtures' pending reports.
    case 'POST /api/library/:id/progress/:progressId/decision':
    case 'POST /library/:id/progress/:progressId/decision':
      return { decision: 'approve' };
    case 'POST /api/verification/items/:id/findings':
      return {
        checklist: [{ item: '生产线与申报材料一致', passed: true }],
        narrative: '现场核查情况属实。',
        conclusion: 'pass',
      };
    default:
      return {};
  }
}

/** Routes that end the session they are sent with. */
const ENDS_SESSION = new Set(['POST /logout', 'POST /api/auth/logout']);

const MULTIPART = new Set([
  'POST /api/achievements/:id/attachments',
  'POST /items/:id/attachments',
  'POST /api/verification/items/:id/photos',
  'POST /verification/:id/photos',
]);

describe('access policy: every route × role × own/other organisation', () => {
  let t: TestApp;
  let fx: Fixtures;
  const csrf = new Map<Who, { cookie: string[]; token: string }>();

  beforeAll(async () => {
    t = await createTestApp();
    const w = await buildWorld(t);
    fx = await buildFixtures(t, w);
  }, 240_000);
  afterAll(() => t.close());

  /** The session cookie and the CSRF token bound to it, as a browser holds them. */
  async function browser(who: Who): Promise<{ cookie: string[]; token: string }> {
    const known = csrf.get(who);
    if (known) return known;
    let cookie: string[];
    let page: string;
    if (who === 'anonymous') {
      const res = await t.http().get('/login').expect(200);
      cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
      page = res.text;
    } else {
      cookie = [`cg_session=${fx.users[who].token}`];
      page = (await t.http().get('/tasks').set('Cookie', cookie).expect(200)).text;
    }
    const token =
      /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ??
      /X-CSRF-Token(?:&quot;|")\s*:\s*(?:&quot;|")([A-Za-z0-9_-]+)/.exec(page)?.[1];
    if (!token) throw new Error(`no CSRF token for ${who}`);
    const state = { cookie, token };
    csrf.set(who, state);
    return state;
  }

  async function browserWith(sessionToken: string): Promise<{ cookie: string[]; token: string }> {
    const cookie = [`cg_session=${sessionToken}`];
    const page = (await t.http().get('/tasks').set('Cookie', cookie).expect(200)).text;
    return { cookie, token: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
  }

  async function send(route: string, policy: RoutePolicy, who: Who, cell: Cell) {
    const method = route.split(' ')[0];
    const verb = (method === 'ALL' ? 'get' : method.toLowerCase()) as 'get';
    const path = pathFor(route, fx, who, cell);
    let req = t.http()[verb](path);
    // The login form and its second step are console forms that work signed out.
    const consoleRoute =
      policy.access === 'session' ||
      route === 'POST /login' ||
      route === 'POST /login/second-factor' ||
      route === 'POST /partners/register';
    // Signing out ends the session it is sent with: it gets one of its own, so the role's usual
    // session goes on working for the routes after it.
    const own =
      ENDS_SESSION.has(route) && who !== 'anonymous'
        ? await signIn(t, fx.users[who].username, fx.users[who].password)
        : null;
    if (consoleRoute) {
      const b = own ? await browserWith(own.token) : await browser(who);
      req = req.set('Cookie', b.cookie);
      if (method !== 'GET') req = req.set('X-CSRF-Token', b.token);
    } else if (who !== 'anonymous') {
      req = req.set((own ?? fx.users[who]).auth);
    }
    if (method === 'GET' || method === 'ALL') return req;
    if (MULTIPART.has(route)) {
      return route.includes('photos')
        ? req.attach('file', png(), 'site.png')
        : req.attach('file', pdf(), 'proof.pdf').field('kind', 'other');
    }
    const body = bodyFor(route, fx, who);
    return consoleRoute ? req.type('form').send(body) : req.send(body);
  }

  /** What a cell must get, or null when it passed. */
  function verdict(
    route: string,
    policy: RoutePolicy,
    who: Who,
    cell: Cell,
    res: {
      status: number;
      headers: { location?: string; 'set-cookie'?: string[] };
      body?: { message?: unknown; requiredRoles?: unknown };
    },
  ): string | null {
    const method = route.split(' ')[0];
    const location = res.headers.location ?? '';
    const toLogin = res.status === 303 && location.includes('/login');
    const rule = who === 'anonymous' ? (policy.access === 'public' ? 'allow' : 'deny') : undefined;
    if (cell === 'crossed') {
      const reaches = who !== 'anonymous' && ['allow', 'own'].includes(policy.roles[who]);
      if (reaches) return res.status === 404 ? null : `${res.status}, expected 404`;
      return [401, 403].includes(res.status) || toLogin ? null : `${res.status}, not refused`;
    }
    const allowed =
      rule === 'allow' ||
      (who !== 'anonymous' &&
        (policy.roles[who] === 'allow' || (policy.roles[who] === 'own' && cell === 'own')));
    if (res.status >= 500) return `${res.status} (server error)`;
    if (route === 'POST /logout' && allowed) {
      // Signing out answers with the login page too; what shows it worked is the cleared cookie.
      const cookies = res.headers['set-cookie'] ?? [];
      return cookies.some((c) => /^cg_session=;/.test(c)) ? null : `${res.status}, not signed out`;
    }
    if (route === 'POST /login/second-factor' && allowed) {
      // The code step answers only a password step's challenge; sent without one (as here) it
      // goes back to the password form. Reaching that answer is what "open" means for it.
      return res.status === 303 && location.startsWith('/login?')
        ? null
        : `${res.status}, expected the way back to the password form`;
    }
    if (allowed) {
      if ([401, 403].includes(res.status) || toLogin) return `${res.status}, expected allow`;
      if (policy.scope && cell === 'own' && res.status === 404) return `404 on an own object`;
      return null;
    }
    if (who === 'anonymous') {
      if (policy.access === 'token') {
        return res.status === 401 && isDeepStrictEqual(res.body, UNAUTHORIZED)
          ? null
          : `${res.status} ${JSON.stringify(res.body)}, not 401 请先登录`;
      }
      if (method === 'GET') return toLogin ? null : `${res.status}, not sent to /login`;
      return toLogin || res.status === 403 ? null : `${res.status}, not refused`;
    }
    const expected =
      policy.roles[who] === 'own' && cell === 'other' && policy.scope === 'user' ? 404 : 403;
    if (res.status !== expected) return `${res.status}, expected ${expected}`;
    // A refusal by the roles guard names the roles it wanted: they must be the policy's.
    const required = res.body?.requiredRoles as string[] | undefined;
    const permitted = ROLES.filter((r) => policy.roles[r] !== 'deny');
    if (required && [...required].sort().join() !== [...permitted].sort().join()) {
      return `guard requires ${required.join('/')}, policy permits ${permitted.join('/')}`;
    }
    return null;
  }

  it('lists every registered route, with a rule for every role', () => {
    expect(registeredRoutes(t.app)).toEqual(Object.keys(ACCESS_MATRIX).sort());
    for (const [route, policy] of Object.entries(ACCESS_MATRIX)) {
      expect({ route, roles: Object.keys(policy.roles).sort() }).toEqual({
        route,
        roles: [...ROLES].sort(),
      });
    }
  });

  it.each(Object.entries(ACCESS_MATRIX))('%s', async (route, policy) => {
    const failures: string[] = [];
    const cells: Cell[] = policy.scope ? ['own', 'other'] : ['own'];
    if (/:attachmentId|:progressId/.test(route)) cells.push('crossed');
    for (const who of ['anonymous', ...ROLES] as Who[]) {
      for (const cell of cells) {
        const res = await send(route, policy, who, cell);
        const problem = verdict(route, policy, who, cell, res);
        if (problem) {
          const message = (res.body as { message?: unknown } | undefined)?.message;
          failures.push(`${who}/${cell}: ${problem} ${message ? JSON.stringify(message) : ''}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
