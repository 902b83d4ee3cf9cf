import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line, so a test can read what the application logged. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(...args: unknown[]) {
    this.lines.push(args.map(String).join(' '));
  }
  error(...args: unknown[]) {
    this.lines.push(args.map(String).join(' '));
  }
  warn(...args: unknown[]) {
    this.lines.push(args.map(String).join(' '));
  }
  debug(...args: unknown[]) {
    this.lines.push(args.map(String).join(' '));
  }
  verbose(...args: unknown[]) {
    this.lines.push(args.map(String).join(' '));
  }
}
