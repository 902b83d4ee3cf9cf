import { ACCESS_MATRIX } from './support/access-matrix';
import { registeredRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

const SAMPLE: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  attachmentId: '00000000-0000-4000-8000-000000000001',
  expertId: '00000000-0000-4000-8000-000000000002',
  period: '2026-11',
  key: 'integratedCircuits',
  kind: 'domain',
};

function concrete(path: string): string {
  return path
    .replace('/{*all}', '/no-such-page')
    .replace(/:(\w+)/g, (_m, name: string) => SAMPLE[name] ?? 'x');
}

describe('access matrix: every registered route, without credentials', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A form of the signed-out console, posted as a browser would: pre-session cookie and token. */
  async function postSignedOutForm(path: string, fields: Record<string, string>) {
    const page = await t.http().get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    return t
      .http()
      .post(path)
      .set('Cookie', page.headers['set-cookie'] as unknown as string[])
      .type('form')
      .send({ ...fields, _csrf: csrf });
  }

  it('lists every route the app registers, and nothing else', () => {
    expect(registeredRoutes(t.app)).toEqual(Object.keys(ACCESS_MATRIX).sort());
  });

  it.each(Object.entries(ACCESS_MATRIX).map(([route, p]) => [route, p.access] as const))(
    '%s is %s',
    async (route, access) => {
      const [method, path] = route.split(' ');
      const verb = (method === 'ALL' ? 'get' : method.toLowerCase()) as 'get';
      let res = await t.http()[verb](concrete(path)).send({});
      if (route === 'POST /login') {
        // The login form is public but CSRF-protected: post it as a browser would, with the token.
        res = await postSignedOutForm('/login', {
          username: 'nobody',
          password: 'Wrong-pass-2026',
        });
        // Refused for the credentials (the login page again), not for a missing session.
        expect(res.status).toBe(401);
        expect(res.text).toContain('用户名或密码错误');
        return;
      }
      if (route === 'POST /partners/register') {
        // Public and CSRF-protected like the login form: refused for the empty form, not the caller.
        res = await postSignedOutForm('/partners/register', { organizationName: '' });
        expect(res.status).toBe(400);
        expect(res.text).toContain('对接方注册');
        return;
      }
      if (route === 'POST /login/second-factor') {
        // The code step is public and CSRF-protected like the login form; a code with a challenge
        // that no password step issued is refused for the challenge, on the code page.
        res = await postSignedOutForm('/login/second-factor', {
          challenge: 'not-a-challenge',
          code: '123456',
        });
        expect(res.status).toBe(401);
        expect(res.text).toContain('验证码');
        return;
      }
      switch (access) {
        case 'public':
          expect(res.status).toBeLessThan(500);
          expect([401, 403]).not.toContain(res.status);
          expect(String(res.headers.location ?? '')).not.toContain('/login');
          break;
        case 'token':
          expect(res.status).toBe(401);
          break;
        case 'session':
          if (method === 'GET') {
            expect(res.status).toBe(303);
            expect(res.headers.location).toContain('/login');
          } else {
            expect([303, 403]).toContain(res.status);
            if (res.status === 303) expect(res.headers.location).toContain('/login');
          }
          break;
      }
    },
  );
});
