import { Secret, TOTP } from 'otpauth';
import { createTestApp, SECURITY_ADMIN_PASSWORD, type TestApp } from './test-app';
import { INITIAL_PASSWORD, login, setOwnPassword, type Login } from './world';

/** The code the authenticator app would show `offsetSteps` periods from now. */
export function totpCode(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/** A code that is not `right` (for a wrong-code attempt that cannot be right by chance). */
export function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

/** The second-factor specs' installation: office staff must have one; people made on demand. */
export interface SecondFactorBed {
  t: TestApp;
  /** The security administrator, who creates the users and resets their second factor. */
  secAdmin: Login;
  orgId: string;
  /** Creates a user (password already set to PASSWORD) and answers their id. */
  newUser: (username: string, roles: string[]) => Promise<string>;
}

export async function secondFactorBed(): Promise<SecondFactorBed> {
  const t = await createTestApp({ config: { requireTotpRoles: ['officeStaff'] } });
  const secAdmin = await login(t, 'secadmin', SECURITY_ADMIN_PASSWORD);
  const orgId = (await t.http().get('/api/organizations').set(secAdmin.auth).expect(200)).body[0]
    .id as string;
  const newUser = async (username: string, roles: string[]) => {
    const made = await t
      .http()
      .post('/api/users')
      .set(secAdmin.auth)
      .send({
        username,
        password: INITIAL_PASSWORD,
        displayName: username,
        organizationId: orgId,
        roles,
      })
      .expect(201);
    await setOwnPassword(t, username);
    return made.body.id as string;
  };
  return { t, secAdmin, orgId, newUser };
}
