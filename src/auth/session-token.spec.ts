import { duration } from '../config/app-config';
import { delayMs, normaliseAccount } from './login-throttle.service';
import { sessionClaims } from './session-token';

describe('session token claims', () => {
  const sub = '6f1c2b9e-3d4a-4f5b-8c7d-0e1f2a3b4c5d';
  const sid = 'A'.repeat(43);
  const exp = 2_000_000_000;

  it('accepts a UUID sub, a session id and a numeric exp', () => {
    expect(sessionClaims({ sub, sid, exp, iat: 1 })).toEqual({ sub, sid, exp });
  });

  it.each([
    ['an object sub', { sub: { $ne: null }, sid, exp }],
    ['a sub that is no UUID', { sub: 'admin', sid, exp }],
    ['an object sid', { sub, sid: { $gt: '' }, exp }],
    ['a short sid', { sub, sid: 'abc', exp }],
    ['no exp', { sub, sid }],
    ['a string exp', { sub, sid, exp: String(exp) }],
    ['no payload', null],
    ['a string payload', 'sub'],
  ])('refuses %s', (_label, payload) => {
    expect(sessionClaims(payload)).toBeNull();
  });
});

describe('login delays', () => {
  const policy = { free: 5, maxDelayMs: 15 * 60_000 };
  it('doubles from one second up to the cap', () => {
    expect([0, 1, 2, 3].map((n) => delayMs(n, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayMs(20, policy)).toBe(15 * 60_000);
    expect(delayMs(10_000, policy)).toBe(15 * 60_000);
  });

  it('counts names case-insensitively and without surrounding spaces', () => {
    expect(normaliseAccount('  Admin ')).toBe('admin');
    expect(normaliseAccount('ＡＤＭＩＮ')).toBe('admin');
  });
});

describe('durations (JWT_TTL, SESSION_IDLE_TIMEOUT, LOGIN_MAX_DELAY)', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(duration('90s', '8h', 'X')).toBe(90_000);
    expect(duration('30m', '8h', 'X')).toBe(1_800_000);
    expect(duration(undefined, '8h', 'X')).toBe(8 * 3_600_000);
    expect(duration('1d', '8h', 'X')).toBe(86_400_000);
    expect(duration('120', '8h', 'X')).toBe(120_000);
  });

  it('refuses anything else', () => {
    expect(() => duration('8 hours', '8h', 'JWT_TTL')).toThrow(/JWT_TTL must be a duration/);
    expect(() => duration('0s', '8h', 'JWT_TTL')).toThrow();
    expect(() => duration('-5m', '8h', 'JWT_TTL')).toThrow();
  });
});
