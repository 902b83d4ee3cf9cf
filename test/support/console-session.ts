import type { TestApp } from './test-app';

const PASSWORD = 'Heron-Lake-2026!';

export interface ConsoleSession {
  cookie: string;
  csrf: string;
}

function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const set = res.headers['set-cookie'];
  return Array.isArray(set) ? (set as string[]) : [];
}

export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field in page');
  return match[1];
}

/** Signs a world user in through the console's login form, as a browser would. */
export async function consoleSignIn(t: TestApp, username: string): Promise<ConsoleSession> {
  const page = await t.http().get('/login').expect(200);
  const pre = cookiesOf(page)
    .find((c) => c.startsWith('cg_pre='))!
    .split(';')[0];
  const res = await t
    .http()
    .post('/login')
    .set('Cookie', pre)
    .type('form')
    .send({ username, password: PASSWORD, _csrf: csrfIn(page.text), next: '/tasks' })
    .expect(303);
  const cookie = cookiesOf(res)
    .find((c) => c.startsWith('cg_session='))!
    .split(';')[0];
  const tasks = await t.http().get('/tasks').set('Cookie', cookie).expect(200);
  return { cookie, csrf: csrfIn(tasks.text) };
}

/** A form post as the browser sends it, with the session's CSRF token; arrays repeat a field. */
export function postForm(
  t: TestApp,
  who: ConsoleSession,
  path: string,
  body: Record<string, string | string[]>,
) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: who.csrf, ...body })) {
    for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  }
  return t.http().post(path).set('Cookie', who.cookie).type('form').send(params.toString());
}

/** The message the console shows beside a form field, or null when there is none. */
export function fieldError(html: string, field: string): string | null {
  const name = field.replace(/\./g, '\\.');
  const match = new RegExp(`class="field-error" data-field="${name}"[^>]*>([^<]*)<`).exec(html);
  return match ? match[1] : null;
}
