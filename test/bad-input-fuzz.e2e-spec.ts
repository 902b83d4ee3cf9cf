import fc from 'fast-check';
import { ACCESS_MATRIX } from './support/access-matrix';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from './support/test-app';
import { buildWorld, ItemDriver, login, type Login } from './support/world';

/**
 * Random and malformed input to every API route (discovered routes, via the access matrix):
 * random path parameters, query strings and JSON bodies, sent by an admin and by an office user
 * so that role checks do not stop the input early. No answer may be a 5xx, and an answer in the
 * 4xx range must leave every table exactly as it was.
 */
const API_ROUTES = Object.keys(ACCESS_MATRIX).filter(
  (r) => r.split(' ')[1].startsWith('/api/') && !r.includes('/api/docs'),
);

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '%00',
    '\u0000',
    '中文名称\u200b\u202e',
    '𠀀𪚥',
    '-1',
    '1e309',
    'null',
    ' ',
  ),
);
const jsonValue = fc.oneof(
  // Objects and arrays: supertest cannot send a bare JSON number or string.
  fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v === 'object' && v !== null),
  fc.dictionary(nasty, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.record({
    title: nasty,
    type: nasty,
    expectedVersion: fc.oneof(fc.integer(), nasty),
    organizationId: nasty,
    roles: fc.array(nasty, { maxLength: 3 }),
    password: nasty,
  }),
);

describe('bad input fuzz: every API route', () => {
  let t: TestApp;
  let who: Login[];
  let itemId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const w = await buildWorld(t);
    itemId = (await ItemDriver.create(t, w)).id;
    who = [await login(t, 'admin', ADMIN_PASSWORD), w.office];
  }, 120_000);
  afterAll(() => t.close());

  // The security log is the one table a refusal writes to, by design: every 403 is recorded
  // there (等保 安全审计; test/security-log.e2e-spec.ts proves it). Every other table must stay put.
  const RECORDS_REFUSALS = new Set(['security_event']);
  const tables = () => [
    ...new Set(
      Object.values(t.orm.getMetadata().getAll())
        .map((m) => m.tableName)
        .filter((name) => name && !RECORDS_REFUSALS.has(name)),
    ),
  ];
  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables()) {
      const rows = (await t.orm.em
        .getConnection()
        .execute(`select count(*) as n from ${table}`)) as { n: unknown }[];
      out[table] = Number(rows[0].n);
    }
    return out;
  }

  it('never answers 5xx, and a 4xx writes nothing', async () => {
    const routes = fc.constantFrom(...API_ROUTES);
    await fc.assert(
      fc.asyncProperty(
        routes,
        fc.array(nasty, { minLength: 3, maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('limit', 'cursor', 'state', 'from', 'to', 'q', 'actor'),
          nasty,
        ),
        jsonValue,
        fc.boolean(),
        fc.integer({ min: 0, max: 1 }),
        async (route, params, query, body, realId, as) => {
          const [method, pattern] = route.split(' ');
          let i = 0;
          const path = pattern.replace(/:(\w+)/g, (_m, name: string) =>
            encodeURIComponent(
              realId && name === 'id' ? itemId : params[i++ % params.length] || 'x',
            ),
          );
          const before = await counts();
          const verb = method.toLowerCase() as 'get';
          const res = await t.http()[verb](path).query(query).set(who[as].auth).send(body);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: 250, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
  }, 120_000);

  it('refuses oversized and deeply nested JSON without writing', async () => {
    const before = await counts();
    const deep = JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) as object;
    const nested = await t.http().post('/api/achievements').set(who[0].auth).send(deep);
    expect(nested.status).toBeGreaterThanOrEqual(400);
    expect(nested.status).toBeLessThan(500);
    const huge = await t
      .http()
      .post('/api/achievements')
      .set(who[0].auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await counts()).toEqual(before);
  });
});
