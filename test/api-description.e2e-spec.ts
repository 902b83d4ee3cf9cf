import {
  AUTHORITY,
  FINAL_STATES,
  STATES,
  type AchievementState,
} from '../workflows/achievement.machine';
import { createTestApp, ADMIN_PASSWORD, type TestApp } from './support/test-app';
import { login } from './support/world';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The routes of the engine's API contract (issue 2), as OpenAPI spells them. */
const CONTRACT = [
  'post /api/auth/login',
  'post /api/organizations',
  'post /api/users',
  'post /api/achievements',
  'get /api/achievements',
  'get /api/achievements/{id}',
  'patch /api/achievements/{id}',
  'post /api/achievements/{id}/events',
  'get /api/achievements/{id}/history',
  'get /api/audit',
  'get /api/audit/verify',
  'get /api/workflows/achievement',
  'get /api/health',
  'get /api/reference/domains',
  'post /api/collection/periods/{period}/close',
];

describe('the API describes itself', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const operation = (route: string): Operation => {
    const [method, path] = route.split(' ');
    const op = doc.paths[path]?.[method];
    if (!op) throw new Error(`${route} is not in the API docs`);
    return op;
  };
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };
  const requestBody = (route: string) =>
    resolve(operation(route).requestBody!.content['application/json'].schema);
  const fieldsOf = (schema: Schema) => Object.keys(resolve(schema).properties ?? {}).sort();
  const answer = (route: string, status: number) =>
    resolve(operation(route).responses[status].content!['application/json'].schema);

  describe('OpenAPI and Swagger UI at /api/docs', () => {
    it('serves the Swagger UI and its document without a token', async () => {
      const ui = await t.http().get('/api/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
      expect(doc.openapi).toMatch(/^3\./);
    });

    it('lists every route of the engine contract', () => {
      const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path}`),
      );
      expect(CONTRACT.filter((route) => !listed.includes(route))).toEqual([]);
    });

    it('names the fields of the example bodies in the request schemas', () => {
      expect(fieldsOf(requestBody('post /api/auth/login'))).toEqual(['password', 'username']);
      expect(fieldsOf(requestBody('post /api/organizations'))).toEqual(
        ['city', 'county', 'name', 'reportsThroughId', 'type'].sort(),
      );
      expect(fieldsOf(requestBody('post /api/users'))).toEqual(
        expect.arrayContaining(['username', 'password', 'displayName', 'organizationId', 'roles']),
      );
      const record = requestBody('post /api/achievements');
      expect(fieldsOf(record)).toEqual(
        [
          'title',
          'summary',
          'category',
          'domain',
          'levelClaim',
          'breaksMonopoly',
          'fillsGap',
          'completingUnits',
          'completers',
          'ip',
          'evidence',
        ].sort(),
      );
      expect(fieldsOf(record.properties!.ip)).toEqual(['noDispute', 'owner', 'patents']);
      expect(fieldsOf(record.properties!.completers.items!)).toEqual(
        expect.arrayContaining(['name', 'unit']),
      );
      expect(fieldsOf(requestBody('patch /api/achievements/{id}'))).toEqual(fieldsOf(record));
      expect(fieldsOf(requestBody('post /api/achievements/{id}/events'))).toEqual(
        ['comment', 'data', 'expectedVersion', 'type'].sort(),
      );
    });

    it('documents the query parameters of the item list and the audit search', () => {
      const params = (route: string) =>
        (operation(route).parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(params('get /api/achievements')).toEqual(
        expect.arrayContaining(['state', 'category', 'domain', 'city', 'q', 'limit', 'cursor']),
      );
      expect(params('get /api/audit')).toEqual(
        expect.arrayContaining(['actor', 'event', 'from', 'to']),
      );
    });

    it('documents the answers of login, creation, events and verify, errors included', () => {
      // A token, or for a user with a second factor the challenge its code must answer.
      expect(fieldsOf(answer('post /api/auth/login', 200))).toEqual([
        'accessToken',
        'challenge',
        'secondFactorRequired',
      ]);
      expect(Object.keys(operation('post /api/auth/login').responses)).toContain('401');
      expect(fieldsOf(answer('post /api/achievements', 201))).toEqual(
        ['allowedEvents', 'id', 'state', 'version'].sort(),
      );
      const events = 'post /api/achievements/{id}/events';
      expect(fieldsOf(answer(events, 200))).toEqual(
        ['allowedEvents', 'id', 'state', 'version'].sort(),
      );
      expect(Object.keys(operation(events).responses).sort()).toEqual([
        '200',
        '400',
        '403',
        '404',
        '409',
      ]);
      expect(fieldsOf(answer(events, 409))).toEqual(
        expect.arrayContaining(['statusCode', 'message']),
      );
      expect(fieldsOf(answer('get /api/audit/verify', 200))).toEqual([
        'broken',
        'checked',
        'checkpoint',
        'firstBroken',
        'ok',
        'replayed',
      ]);
    });
  });

  describe('GET /api/workflows/achievement', () => {
    let described: {
      initial: string;
      states: { name: string; final: boolean }[];
      transitions: { from: string; event: string; to: string }[];
      authority: unknown;
      mermaid: string;
    };

    beforeAll(async () => {
      const admin = await login(t, 'admin', ADMIN_PASSWORD);
      described = (await t.http().get('/api/workflows/achievement').set(admin.auth).expect(200))
        .body;
    });

    it('lists every public state once, the final ones marked, starting from draft', () => {
      expect(described.initial).toBe('draft');
      expect(described.states.map((s) => s.name).sort()).toEqual([...STATES].sort());
      expect(described.states.filter((s) => s.final).map((s) => s.name)).toEqual(
        expect.arrayContaining([...FINAL_STATES]),
      );
      expect(described.states.filter((s) => s.final)).toHaveLength(FINAL_STATES.length);
    });

    it('lists a transition for every event the authority table allows, and no other', () => {
      const names = new Set<string>(STATES);
      const pairs = new Set(
        described.transitions
          .filter((tr) => tr.event !== 'always')
          .map((tr) => `${tr.from} ${tr.event}`),
      );
      const allowed = Object.entries(AUTHORITY).flatMap(([state, events]) =>
        Object.keys(events).map((event) => `${state} ${event}`),
      );
      expect([...pairs].sort()).toEqual([...allowed].sort());
      for (const tr of described.transitions) {
        expect(names.has(tr.from)).toBe(true);
        // Resolving a dispute returns through the history state to wherever the item was.
        if (tr.event === 'RESOLVE_DISPUTE') expect(tr.to).toBe('*history*');
        else expect(names.has(tr.to)).toBe(true);
      }
      expect(described.authority).toEqual(JSON.parse(JSON.stringify(AUTHORITY)));
    });

    it('shows the main path, the side paths and the automatic close of scoring', () => {
      const edges = new Set(
        described.transitions.map((tr) => `${tr.from} -${tr.event}-> ${tr.to}`),
      );
      const path: [AchievementState, string, AchievementState][] = [
        ['draft', 'SUBMIT', 'recommendation'],
        ['recommendation', 'RECOMMEND', 'submitted'],
        ['submitted', 'BATCH_CLOSE', 'eligibilityCheck'],
        ['eligibilityCheck', 'PASS_ELIGIBILITY', 'expertScoring'],
        ['expertScoring', 'always', 'onSiteVerification'],
        ['expertScoring', 'always', 'rejected'],
        ['onSiteVerification', 'CONFIRM_VERIFICATION', 'inLibrary'],
        ['inLibrary', 'PUBLISH', 'published'],
        ['recommendation', 'RETURN_FOR_AMENDMENT', 'returned'],
        ['eligibilityCheck', 'RETURN_FOR_AMENDMENT', 'returned'],
        ['returned', 'RESUBMIT', 'recommendation'],
        ['returned', 'RESUBMIT', 'eligibilityCheck'],
        ['recommendation', 'DECLINE', 'rejected'],
        ['eligibilityCheck', 'REJECT', 'rejected'],
        ['onSiteVerification', 'FAIL_VERIFICATION', 'rejected'],
        ['eligibilityCheck', 'WITHDRAW', 'withdrawn'],
        ['published', 'RAISE_DISPUTE', 'suspended'],
        ['inLibrary', 'REVOKE', 'revoked'],
        ['published', 'REVOKE', 'revoked'],
      ];
      expect(
        path.map(([from, event, to]) => `${from} -${event}-> ${to}`).filter((e) => !edges.has(e)),
      ).toEqual([]);
      expect(described.mermaid).toMatch(/^stateDiagram-v2\n/);
    });
  });
});
