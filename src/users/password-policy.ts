import { randomBytes } from 'node:crypto';
import { registerDecorator, type ValidationArguments } from 'class-validator';
// The 10,000 most frequent passwords of zxcvbn's frequency list (MIT; Dropbox and zxcvbn-ts),
// lower-cased. A JSON import is emitted by tsc next to this file, so ts-jest, ts-node scripts and
// the built server (dist/src/users) all read the same list without a path to resolve.
import COMMON_PASSWORDS from './common-passwords.json';

export const PASSWORD_MIN_LENGTH = 12;

/** Words any guesser of this system tries first, beside the general list. */
const SITE_WORDS = [
  'admin',
  'administrator',
  'root',
  'user',
  'test',
  'guest',
  'welcome',
  'password',
  'passw0rd',
  'changeme',
  'chengguo',
  'zhejiang',
  'hangzhou',
  'zjkjt',
  'kejiting',
  'woaini',
  'aini',
  'iloveyou',
  'qwerty',
];

const COMMON = new Set<string>([...COMMON_PASSWORDS, ...SITE_WORDS]);

/** What each rule says when it refuses, one message per rule. */
export const PASSWORD_RULES = {
  length: `长度不能少于${PASSWORD_MIN_LENGTH}个字符`,
  classes: '须包含小写字母、大写字母、数字、符号中的至少三类',
  username: '不能包含用户名',
  common: '属于常见密码或其简单变形(如 Password12、Admin@123456),容易被猜中',
  sequence: '不能由键盘上相邻的按键或连续的字母、数字组成(如 qwerty、1qaz2wsx、abcd1234)',
} as const;

export type PasswordRule = keyof typeof PASSWORD_RULES;

const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** The rules a password breaks, in order; empty when it is acceptable. */
export function passwordProblems(password: string, username?: string | null): PasswordRule[] {
  const problems: PasswordRule[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push('length');
  if (CLASSES.filter((c) => c.test(password)).length < 3) problems.push('classes');
  if (containsUsername(password, username)) problems.push('username');
  if (isCommon(password)) problems.push('common');
  if (isWalk(password)) problems.push('sequence');
  return problems;
}

/** The messages of the rules a password breaks (zh-CN), for a 400 on the password field. */
export function passwordMessages(password: string, username?: string | null): string[] {
  return passwordProblems(password, username).map((rule) => PASSWORD_RULES[rule]);
}

function containsUsername(password: string, username?: string | null): boolean {
  if (!username || username.length < 3) return false;
  const name = username.toLowerCase();
  const lower = password.toLowerCase();
  return lower.includes(name) || lower.includes([...name].reverse().join(''));
}

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '8': 'b',
  '(': 'c',
  '3': 'e',
  '6': 'g',
  '1': 'i',
  '!': 'i',
  '|': 'l',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '2': 'z',
};

/**
 * A listed password, or a listed word dressed up the usual ways: capitals, digits and symbols
 * before or after (Password12, Admin@123456, 2026Welcome!), letters swapped for look-alikes
 * (P@ssw0rd), or written twice (admin-admin).
 */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  for (const candidate of new Set([lower, deleet(lower)])) {
    // The word without what was put before and after it: digits, symbols, and a year.
    const core = candidate.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
    if (core.length >= 3 && (COMMON.has(core) || isRepeated(core))) return true;
    // What is left of the core when every non-letter inside is dropped: "pass-word", "admin_123admin".
    const letters = candidate.replace(/[^a-z]/g, '');
    if (letters.length >= 4 && (COMMON.has(letters) || isRepeated(letters))) return true;
    // Only digits and symbols, or one short word with a long tail of them (abc@123456789).
    if (letters.length < 4 && candidate.length - letters.length >= candidate.length / 2) {
      const digits = candidate.replace(/[^0-9]/g, '');
      if (digits.length >= 4 && (COMMON.has(digits) || isWalk(digits))) return true;
    }
  }
  return false;
}

function deleet(s: string): string {
  // Leading and trailing digits are decoration, not disguised letters: only the inside is mapped.
  const m = /^([^a-z]*)(.*?)([^a-z]*)$/.exec(s)!;
  return m[1] + [...m[2]].map((c) => LEET[c] ?? c).join('') + m[3];
}

/** "adminadmin", "abcabcabc": one short word, repeated. */
function isRepeated(s: string): boolean {
  for (let size = 1; size <= s.length / 2; size++) {
    if (s.length % size === 0 && s.slice(0, size).repeat(s.length / size) === s) {
      return COMMON.has(s.slice(0, size)) || size <= 3;
    }
  }
  return false;
}

/** Where each key sits on a US/Chinese keyboard (shifted symbols on their key), in key widths. */
const KEY_POSITION = new Map<string, { row: number; x: number }>();
[
  { keys: '`1234567890-=', shifted: '~!@#$%^&*()_+', offset: 0 },
  { keys: 'qwertyuiop[]\\', shifted: 'QWERTYUIOP{}|', offset: 1.5 },
  { keys: "asdfghjkl;'", shifted: 'ASDFGHJKL:"', offset: 1.75 },
  { keys: 'zxcvbnm,./', shifted: 'ZXCVBNM<>?', offset: 2.25 },
].forEach(({ keys, shifted, offset }, row) => {
  [...keys].forEach((key, i) => {
    KEY_POSITION.set(key, { row, x: offset + i });
    KEY_POSITION.set(shifted[i], { row, x: offset + i });
  });
});

/** Two characters typed by neighbouring keys (or the same key), or next in the alphabet or digits. */
function adjacent(a: string, b: string): boolean {
  const pa = KEY_POSITION.get(a);
  const pb = KEY_POSITION.get(b);
  if (pa && pb && Math.abs(pa.row - pb.row) <= 1 && Math.abs(pa.x - pb.x) <= 1) return true;
  const ca = a.toLowerCase().charCodeAt(0);
  const cb = b.toLowerCase().charCodeAt(0);
  const sameKind = /[a-z]/i.test(a) === /[a-z]/i.test(b) && /[0-9]/.test(a) === /[0-9]/.test(b);
  return sameKind && Math.abs(ca - cb) <= 1;
}

/**
 * A keyboard walk or a run: at most two jumps between neighbouring keys, e.g. "Qwerty!2345678",
 * "1qaz2wsx3edc", "Asdfghjkl;123", "abcd1234ABCD". A walk is the first thing a cracking rule set
 * tries, however many character classes it shows.
 */
function isWalk(password: string): boolean {
  const chars = [...password];
  if (chars.length < 6) return false;
  let jumps = 0;
  for (let i = 1; i < chars.length; i++) {
    if (!adjacent(chars[i - 1], chars[i])) jumps++;
  }
  return jumps <= 2;
}

/**
 * The password policy as class-validator constraints, one per rule, so that a refusal lists each
 * rule the password breaks. Reads the username from the same DTO when it has one.
 */
export function IsAcceptablePassword(usernameProperty = 'username'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    for (const rule of Object.keys(PASSWORD_RULES) as PasswordRule[]) {
      registerDecorator({
        name: `password_${rule}`,
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate(value: unknown, args: ValidationArguments) {
            if (typeof value !== 'string') return rule !== 'length';
            const username = (args.object as Record<string, unknown>)[usernameProperty];
            return !passwordProblems(
              value,
              typeof username === 'string' ? username : undefined,
            ).includes(rule);
          },
          defaultMessage: () => PASSWORD_RULES[rule],
        },
      });
    }
  };
}

const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A one-time password an admin hands over (a reset, the first admin): 16 characters from an
 * alphabet without look-alikes, with a hyphen every four, drawn again until the policy accepts it.
 */
export function temporaryPassword(): string {
  for (;;) {
    // Bytes past the last whole multiple of the alphabet are dropped, so every character is as likely.
    const limit = 256 - (256 % TEMPORARY_ALPHABET.length);
    const chars = [...randomBytes(32)]
      .filter((b) => b < limit)
      .map((b) => TEMPORARY_ALPHABET[b % TEMPORARY_ALPHABET.length]);
    if (chars.length < 16) continue;
    const candidate = [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
    if (passwordProblems(candidate).length === 0) return candidate;
  }
}
