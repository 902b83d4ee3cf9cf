import { escapeLogText, SafeConsoleLogger } from './safe-logger';

describe('the server log keeps one record on one line', () => {
  it('escapes line breaks, controls and bidi characters', () => {
    expect(escapeLogText('x\nFAKE-LOG\u0000 \r\n\u2028\u0085\u202e\tend')).toBe(
      'x\\nFAKE-LOG\\u0000 \\r\\n\\u2028\\u0085\\u202e\tend',
    );
  });

  it('writes a message with request data, and an error stack, as single lines', () => {
    const written: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const logger = new SafeConsoleLogger({ colors: false });
      logger.warn('账号 x\nFAKE-LOG 已锁定', 'Auth');
      logger.error('查询失败', 'Error: bad\n    at q (x.js:1)\nFAKE-LOG', 'Errors');
      logger.log({ city: 'x\nFAKE-LOG' });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const lines = written.join('').split('\n');
    expect(lines.filter((l) => l.startsWith('FAKE-LOG') || l.startsWith('    at'))).toEqual([]);
    expect(written.join('')).toContain('x\\nFAKE-LOG');
  });
});
