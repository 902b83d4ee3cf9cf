import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type World } from './support/world';

/**
 * The console's HTTP contract without a browser: session cookie flags, CSRF on every post,
 * sign-in redirects, escaping, security headers, and that the API still takes bearer tokens only.
 */
const PASSWORD = 'Heron-Lake-2026!';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t);
});

afterAll(() => t.close());

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const set = res.headers['set-cookie'];
  return Array.isArray(set) ? (set as string[]) : [];
}

function pair(cookie: string): string {
  return cookie.split(';')[0];
}

function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field in page');
  return match[1];
}

/** Signs in through the login form; returns the cookie header and the page's CSRF token. */
async function signIn(username: string, headers: Record<string, string> = {}) {
  const page = await t.http().get('/login').expect(200);
  const pre = pair(cookiesOf(page).find((c) => c.startsWith('cg_pre='))!);
  const res = await t
    .http()
    .post('/login')
    .set(headers)
    .set('Cookie', pre)
    .type('form')
    .send({ username, password: PASSWORD, _csrf: csrfIn(page.text), next: '/tasks' })
    .expect(303);
  expect(res.headers.location).toBe('/tasks');
  const session = cookiesOf(res).find((c) => c.startsWith('cg_session='))!;
  const cookie = pair(session);
  const tasks = await t.http().get('/tasks').set('Cookie', cookie).expect(200);
  return { session, cookie, csrf: csrfIn(tasks.text) };
}

describe('web console over HTTP', () => {
  it('sends anonymous visitors to the login page and back where they were going', async () => {
    const res = await t.http().get('/items?state=draft').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fitems%3Fstate%3Ddraft');
    const page = await t.http().get('/login?next=//evil.example/x').expect(200);
    expect(page.text).toContain('name="next" value="/tasks"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const pre = cookiesOf(page).find((c) => c.startsWith('cg_pre='))!;
    expect(pre).toMatch(/HttpOnly/);
    expect(pre).toMatch(/SameSite=Lax/);
  });

  it('refuses a login post without the form token, and a wrong password without echoing it', async () => {
    await t
      .http()
      .post('/login')
      .type('form')
      .send({ username: 'submitter', password: PASSWORD })
      .expect(403);
    const page = await t.http().get('/login').expect(200);
    const pre = pair(cookiesOf(page).find((c) => c.startsWith('cg_pre='))!);
    const res = await t
      .http()
      .post('/login')
      .set('Cookie', pre)
      .type('form')
      .send({ username: 'submitter', password: 'Secret-typo-123', _csrf: csrfIn(page.text) })
      .expect(401);
    expect(res.text).toContain('用户名或密码错误');
    expect(res.text).not.toContain('Secret-typo-123');
    expect(cookiesOf(res).some((c) => c.startsWith('cg_session='))).toBe(false);
  });

  it('sets the session cookie httpOnly, SameSite=Lax, and Secure behind HTTPS', async () => {
    const plain = await signIn('submitter');
    expect(plain.session).toMatch(/HttpOnly/);
    expect(plain.session).toMatch(/SameSite=Lax/);
    expect(plain.session).not.toMatch(/Secure/);
    const proxied = await signIn('submitter', { 'X-Forwarded-Proto': 'https' });
    expect(proxied.session).toMatch(/; Secure/);
  });

  it('checks the CSRF token on every post, bound to the session', async () => {
    const submitter = await signIn('submitter');
    const recommender = await signIn('recommender');
    const item = await ItemDriver.create(t, w);
    const post = (cookie: string, body: Record<string, string>, header?: string) => {
      const req = t.http().post(`/items/${item.id}/events`).set('Cookie', cookie).type('form');
      if (header) req.set('X-CSRF-Token', header);
      return req.send(body);
    };
    await post(submitter.cookie, { type: 'SUBMIT' }).expect(403);
    await post(submitter.cookie, { type: 'SUBMIT', _csrf: recommender.csrf }).expect(403);
    await post(submitter.cookie, { type: 'SUBMIT', _csrf: 'x'.repeat(43) }).expect(403);
    expect((await item.get()).state).toBe('draft');
    // The htmx header works as well as the form field.
    await post(submitter.cookie, { type: 'SUBMIT' }, submitter.csrf).expect(303);
    expect((await item.get()).state).toBe('recommendation');
    // Multipart posts (the upload form) are checked too, once the body is parsed.
    await t
      .http()
      .post(`/items/${item.id}/attachments`)
      .set('Cookie', submitter.cookie)
      .field('kind', 'other')
      .attach('file', Buffer.from('%PDF-1.4\n'), 'x.pdf')
      .expect(403);
    await t.http().post('/logout').set('Cookie', submitter.cookie).expect(403);
  });

  it('keeps the API on bearer tokens: the session cookie opens no API route', async () => {
    const { cookie } = await signIn('office');
    await t.http().get('/api/auth/me').set('Cookie', cookie).expect(401);
  });

  it('answers a page outside the role with 403 and a wrong event with 403', async () => {
    const submitter = await signIn('submitter');
    const page = await t.http().get('/collection').set('Cookie', submitter.cookie).expect(403);
    expect(page.text).toContain('无权');
    const item = await ItemDriver.create(t, w);
    await item.ok(w.submitter, 'SUBMIT');
    const res = await t
      .http()
      .post(`/items/${item.id}/events`)
      .set('Cookie', submitter.cookie)
      .set('HX-Request', 'true')
      .type('form')
      .send({ type: 'RECOMMEND', _csrf: submitter.csrf })
      .expect(403);
    expect(res.text).toContain('class="error"');
  });

  it('escapes what users typed, in the console and on the public page', async () => {
    const title = '<img src=x onerror=alert(1)>芯片';
    const item = await ItemDriver.create(t, w, techBreakthrough({ title }));
    await item.toPublished();
    const { cookie } = await signIn('office');
    const console = await t.http().get(`/items/${item.id}`).set('Cookie', cookie).expect(200);
    expect(console.text).not.toContain('<img src=x');
    expect(console.text).toContain('&lt;img src=x onerror=alert(1)>芯片');
    const list = await t.http().get('/public?q=芯片').expect(200);
    // Escaped first, then the search term highlighted.
    expect(list.text).toContain('&lt;img src=x onerror=alert(1)><mark>芯片</mark>');
    expect(list.text).not.toContain('<img src=x');
    const detail = await t.http().get(`/public/${item.id}`).expect(200);
    expect(detail.text).toContain('&lt;img src=x');
    await t.http().get('/public/00000000-0000-4000-8000-000000000000').expect(404);
    // Filters: the batch year, city and category narrow the list; a bad year is a 400 in Chinese.
    expect((await t.http().get('/public?year=2026&city=杭州').expect(200)).text).toContain('芯片');
    expect((await t.http().get('/public?year=2025').expect(200)).text).not.toContain('芯片');
    expect((await t.http().get('/public?category=basicResearch').expect(200)).text).toContain(
      '没有符合条件的成果',
    );
    expect((await t.http().get('/public?year=abc').expect(400)).text).toContain('必须是整数');
  });

  it("shows an expert the deadline of their seat on the item's panel", async () => {
    const item = await ItemDriver.create(t, w, techBreakthrough({ title: '评审期限测试成果' }));
    await item.toScoring();
    const { cookie } = await signIn('expert1');
    const page = await t.http().get('/tasks').set('Cookie', cookie).expect(200);
    const row = /<tr[^>]*>(?:(?!<\/tr>).)*评审期限测试成果(?:(?!<\/tr>).)*<\/tr>/s.exec(
      page.text,
    )?.[0];
    expect(row).toBeDefined();
    const cells = [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]);
    // Columns: item, unit, state, action, deadline, updated.
    expect(cells[4]).toMatch(/^2026\/\d{2}\/\d{2} (\d{2}:\d{2}|24:00)/);
  });

  it('serves htmx and the stylesheet from the app itself, and no diagram script', async () => {
    const htmx = await t.http().get('/assets/htmx.min.js').expect(200);
    expect(htmx.headers['content-type']).toContain('javascript');
    expect(htmx.text).toContain('htmx');
    // The state diagram is drawn on the server: the 5.5 MB mermaid bundle is no longer served.
    await t.http().get('/assets/mermaid.min.js').expect(404);
    const css = await t.http().get('/assets/app.css').expect(200);
    expect(css.text).toContain('@media print');
  });
});
