import { separationOfDutiesProblem } from './admin-roles';

describe('separation of duties', () => {
  it('refuses two of the three administrator roles on one account', () => {
    expect(separationOfDutiesProblem(['admin', 'securityAdmin'])).toMatch(/不同的人/);
    expect(separationOfDutiesProblem(['admin', 'auditAdmin'])).toMatch(/不同的人/);
    expect(separationOfDutiesProblem(['securityAdmin', 'auditAdmin'])).toMatch(/不同的人/);
  });

  it('keeps the security and audit administrators out of the workflow', () => {
    expect(separationOfDutiesProblem(['auditAdmin', 'officeStaff'])).toMatch(/不能兼任/);
    expect(separationOfDutiesProblem(['securityAdmin', 'expert'])).toMatch(/不能兼任/);
  });

  it('lets each role stand alone, and the system administrator keep a business role', () => {
    for (const role of ['admin', 'securityAdmin', 'auditAdmin', 'officeStaff'] as const) {
      expect(separationOfDutiesProblem([role])).toBeNull();
    }
    expect(separationOfDutiesProblem(['admin', 'officeStaff'])).toBeNull();
  });
});
