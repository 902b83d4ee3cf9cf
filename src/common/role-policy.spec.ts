import { ForbiddenError, InvalidInputError } from './domain-errors';
import { assertOffice, requireRole } from './role-policy';
import { uuidParam } from './uuid-param';

describe('one of each: the role policy and the id pipe', () => {
  it('lets office staff through and refuses anyone else with the rule in words', () => {
    expect(() =>
      assertOffice({ roles: ['officeStaff'] }, '只有省办工作人员可以组建核查组'),
    ).not.toThrow();
    expect(() =>
      assertOffice({ roles: ['expert', 'submitter'] }, '只有省办工作人员可以组建核查组'),
    ).toThrow(new ForbiddenError('只有省办工作人员可以组建核查组'));
    expect(() =>
      requireRole({ roles: ['admin'] }, ['officeStaff', 'admin'], '无权操作'),
    ).not.toThrow();
  });

  it('answers a malformed id with a 400 on its field, naming what the id stands for', async () => {
    const meta = { type: 'param' as const, data: 'id' };
    await expect(uuidParam('成果').transform('not-a-uuid', meta)).rejects.toEqual(
      InvalidInputError.field('id', '不是有效的成果 ID'),
    );
    await expect(uuidParam('进展', 'progressId').transform('x', meta)).rejects.toEqual(
      InvalidInputError.field('progressId', '不是有效的进展 ID'),
    );
    await expect(uuidParam().transform('1', meta)).rejects.toEqual(
      InvalidInputError.field('id', '不是有效的 ID'),
    );
    const id = '0b7c8a52-2f5b-4c7e-9d3a-6f1e2a4b5c6d';
    await expect(uuidParam('成果').transform(id, meta)).resolves.toBe(id);
  });
});
