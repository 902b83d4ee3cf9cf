import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { CreateUserDto } from './dto/create-user.dto';
import { PASSWORD_RULES, passwordMessages, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('refuses a short password, and one with fewer than three kinds of character', () => {
    expect(passwordProblems('Kx9#mPq2vL7')).toEqual(['length']);
    expect(passwordProblems('kx9mpq2vl7rtzw')).toEqual(['classes']);
    expect(passwordProblems('Kx9#mPq2vL7!')).toEqual([]);
  });

  it('refuses a password containing the user name, either way round, in any case', () => {
    expect(passwordProblems('Zhang-Kx9#mPq2', 'zhang')).toContain('username');
    expect(passwordProblems('Kx9#GNAHZ-mPq2', 'zhang')).toContain('username');
    expect(passwordProblems('Zhang-Kx9#mPq2', 'li')).toEqual([]);
  });

  it.each([
    'Password12',
    'Password1234',
    'Admin@123456',
    'Admin@1234567',
    'P@ssw0rd2026!',
    'Welcome2026!!',
    '2026Welcome!',
    'Hangzhou@2026',
    'Admin-Admin-2026',
    'Aa1!Aa1!Aa1!',
    'Test-pass-2026!',
    'Iloveyou1314!',
    'Dragon!!123456',
    'Abc@123456789',
  ])('refuses the common password or its variant %s', (password) => {
    expect(passwordProblems(password)).toContain('common');
  });

  it.each([
    'Qwerty!2345678',
    '1qaz2wsx3edc',
    '1Qaz@2wsx#3edc',
    'ZAQ!2wsxcde3',
    'Asdfghjkl;123',
    'abcd1234ABCD',
  ])('refuses the keyboard walk or run %s', (password) => {
    expect(passwordProblems(password)).toContain('sequence');
  });

  it.each([
    'Kx9#mPq2vL7!',
    'Correct-Horse-Battery-9',
    'Tr0ub4dor&3xyz',
    'Heron-Lake-2026!',
    'Chief-pass-2026!',
    'Demo-pass-2026!',
    '青山-绿水-2026-Hz',
  ])('accepts %s', (password) => {
    expect(passwordProblems(password, 'someone')).toEqual([]);
  });

  it('says each broken rule in Chinese', () => {
    expect(passwordMessages('password', 'pass')).toEqual([
      PASSWORD_RULES.length,
      PASSWORD_RULES.classes,
      PASSWORD_RULES.username,
      PASSWORD_RULES.common,
    ]);
    for (const message of Object.values(PASSWORD_RULES)) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reads its list of common passwords (10,000 of them)', () => {
    expect(passwordProblems('iloveyou')).toContain('common');
    expect(passwordProblems('sunshine')).toContain('common');
  });

  it('gives the create-user form one message per broken rule on the password field', async () => {
    const dto = plainToInstance(CreateUserDto, {
      username: 'zhang',
      password: 'Password12',
      displayName: '张三',
      organizationId: '4f6b0d1e-3a0c-4f55-9d7a-0b7c1d2e3f40',
      roles: ['submitter'],
    });
    const errors = await validate(dto);
    expect(errors.map((e) => e.property)).toEqual(['password']);
    expect(Object.values(errors[0].constraints!).sort()).toEqual(
      [PASSWORD_RULES.length, PASSWORD_RULES.common].sort(),
    );
  });
});
