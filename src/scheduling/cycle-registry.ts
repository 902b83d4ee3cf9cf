import { Injectable, Logger } from '@nestjs/common';

/** One scheduled cycle's step: does what is due at `now` and returns how many things it did. */
export type CycleStep = (now: Date) => Promise<number>;

/**
 * Every scheduled cycle (collection, releases, reports…) registers its step here at start-up, so
 * that one thing can run them all for a given moment: the simulated clock, which lives through
 * each simulated day, and the tests. Each step must be idempotent; the registry adds no locking.
 */
@Injectable()
export class CycleRegistry {
  private readonly logger = new Logger('CycleRegistry');
  private readonly steps = new Map<string, CycleStep>();

  register(name: string, step: CycleStep): void {
    if (this.steps.has(name)) throw new Error(`cycle ${name} registered twice`);
    this.steps.set(name, step);
  }

  names(): string[] {
    return [...this.steps.keys()];
  }

  /** Runs every cycle in registration order; one failing cycle does not stop the others. */
  async runAll(now: Date): Promise<number> {
    let done = 0;
    let firstError: Error | null = null;
    for (const [name, step] of this.steps) {
      try {
        done += await step(now);
      } catch (err) {
        this.logger.error(`周期任务 ${name} 执行失败:${String(err)}`);
        firstError ??= err instanceof Error ? err : new Error(String(err));
      }
    }
    if (firstError) throw firstError;
    return done;
  }
}
