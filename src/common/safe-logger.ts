import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { inspect } from 'node:util';

/**
 * Characters that could start a forged log line or hide what a line says: line breaks (CR, LF,
 * NEL, U+2028/U+2029), every other C0/C1 control but tab, and the bidi controls.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One log record stays on one line: line breaks and controls are written as escapes (`\n`, `\u0000`). */
export function escapeLogText(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * The server's logger: Nest's console logger with every message and stack trace escaped by
 * `escapeLogText`, so request data that reaches a log line (a user name, a failing query) cannot
 * write a line of its own. A stack trace is therefore one line with `\n` between its frames.
 */
export class SafeConsoleLogger extends ConsoleLogger {
  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (typeof message === 'function')
      return escapeLogText(String(super.stringifyMessage(message, logLevel)));
    const text =
      typeof message === 'string'
        ? message
        : inspect(message, { depth: 5, breakLength: Infinity, compact: true, colors: false });
    return String(super.stringifyMessage(escapeLogText(text), logLevel));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? escapeLogText(stack) : stack);
  }
}
