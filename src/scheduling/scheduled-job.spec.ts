import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { ScheduledJob } from './scheduled-job';

/** A job whose work is a promise the test resolves or rejects by hand. */
class ProbeJob extends ScheduledJob {
  runs = 0;
  on = true;
  private settle: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(schedulerEnabled = true) {
    super('测试任务', { schedulerEnabled } as AppConfig);
  }

  protected override enabled(): boolean {
    return this.on;
  }

  protected work(): Promise<void> {
    this.runs += 1;
    return new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  finish(): void {
    this.settle?.resolve();
  }

  fail(message: string): void {
    this.settle?.reject(new Error(message));
  }
}

describe('ScheduledJob', () => {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('never runs two ticks at once in one process', async () => {
    const job = new ProbeJob();
    const first = job.tick();
    await job.tick();
    expect(job.runs).toBe(1);
    job.finish();
    await first;
    const second = job.tick();
    expect(job.runs).toBe(2);
    job.finish();
    await second;
  });

  it('does nothing where schedulers are off, or while the job says it is disabled', async () => {
    const off = new ProbeJob(false);
    await off.onApplicationBootstrap();
    await off.tick();
    expect(off.runs).toBe(0);
    const disabled = new ProbeJob();
    disabled.on = false;
    await disabled.tick();
    expect(disabled.runs).toBe(0);
  });

  it('runs once at start-up', async () => {
    const job = new ProbeJob();
    const booting = job.onApplicationBootstrap();
    expect(job.runs).toBe(1);
    job.finish();
    await booting;
  });

  it('logs a failed run in Chinese and keeps ticking', async () => {
    const job = new ProbeJob();
    const failing = job.tick();
    job.fail('磁盘已满');
    await expect(failing).resolves.toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^测试任务执行失败:Error: 磁盘已满/));
    const next = job.tick();
    expect(job.runs).toBe(2);
    job.finish();
    await next;
  });

  it('on shutdown waits for the running tick and starts no new one', async () => {
    const job = new ProbeJob();
    const running = job.tick();
    let stopped = false;
    const stopping = job.beforeApplicationShutdown().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    job.finish();
    await running;
    await stopping;
    expect(stopped).toBe(true);
    await job.tick();
    expect(job.runs).toBe(1);
  });
});
