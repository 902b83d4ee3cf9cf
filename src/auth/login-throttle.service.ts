import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecurityLogService } from '../security-log/security-log.service';
import { LoginThrottleRepository } from './login-throttle.repository';

/** The one answer to a throttled attempt: it says nothing about whether the account exists. */
export function throttledMessage(seconds: number): string {
  return `登录尝试过于频繁,请 ${seconds} 秒后再试`;
}

type Scope = 'accountClient' | 'account' | 'client';

interface Policy {
  free: number;
  maxDelayMs: number;
}

const FIRST_DELAY_MS = 1000;
/** Failures are forgotten this long after the last one (at least twice the longest delay). */
const FORGET_MS = 60 * 60_000;
/** Concurrent updates of one row retry this many times before giving up on counting. */
const MAX_ATTEMPTS = 20;
/** Every so many attempts, rows nobody has failed under for a day are removed. */
const CLEANUP_EVERY = 200;

/**
 * One limiter for API and console logins, kept in the database so that it holds across instances
 * and restarts. Attempts for one account from one client run one at a time. Failures count under three keys: the account name from this client, the account
 * name from every client, and this client over every name. After `free` failures under a key each
 * further attempt waits, the delay doubling from one second up to the key's cap; there is no lock:
 * the account-wide key starts late and stays short, so an attacker on one client slows his own
 * guesses, not the owner's login from elsewhere. Unknown and existing names count the same way and
 * get the same answers.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('Auth');
  private readonly policies: Record<Scope, Policy>;
  private attempts = 0;
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly throttles: LoginThrottleRepository,
    private readonly securityLog: SecurityLogService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policies = {
      accountClient: { free: config.loginFreeFailures, maxDelayMs: config.loginMaxDelayMs },
      account: { free: config.loginAccountFreeFailures, maxDelayMs: config.loginAccountMaxDelayMs },
      client: { free: config.loginClientFreeFailures, maxDelayMs: config.loginClientMaxDelayMs },
    };
  }

  /**
   * Runs one login attempt for an account from a client after the previous one has finished, so
   * that parallel guesses from one client are each counted before the next is let through (per
   * instance; several instances let at most one each).
   */
  async oneAtATime<T>(username: string, clientIp: string | null, attempt: () => Promise<T>) {
    const key = keysOf(username, clientIp).accountClient;
    const previous = this.running.get(key) ?? Promise.resolve();
    const mine = previous.then(attempt, attempt);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.running.get(key) === settled) this.running.delete(key);
    }
  }

  /** Lets an attempt through or throws 429 (the same for every name, known or not). */
  async admit(username: string, clientIp: string | null): Promise<void> {
    if (++this.attempts % CLEANUP_EVERY === 0) await this.cleanup();
    const keys = keysOf(username, clientIp);
    const now = Date.now();
    const rows = await this.throttles.rows([keys.account, keys.client, keys.accountClient]);
    const blocked = rows
      .filter((r) => r.blockedUntil && r.blockedUntil.getTime() > now)
      .sort((a, b) => b.blockedUntil!.getTime() - a.blockedUntil!.getTime())[0];
    if (blocked) await this.refuse(blocked.key, blocked.blockedUntil!, username, clientIp);
  }

  /** A wrong password (or an unknown or inactive name): counts under all three keys. */
  async failed(username: string, clientIp: string | null): Promise<void> {
    const keys = keysOf(username, clientIp);
    await this.charge(keys.accountClient, this.policies.accountClient);
    await this.charge(keys.account, this.policies.account);
    await this.charge(keys.client, this.policies.client);
  }

  /** The right password: the account's failures are forgotten (the client's are not). */
  async succeeded(username: string, clientIp: string | null): Promise<void> {
    const keys = keysOf(username, clientIp);
    await this.throttles.forget([keys.accountClient, keys.account]);
  }

  /**
   * Adds a failure under `key`. Optimistic: the update only applies if nobody changed the count
   * meanwhile (another instance), else it is read again.
   */
  private async charge(key: string, policy: Policy): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = Date.now();
      const row = await this.throttles.row(key);
      const fresh = row && now - row.lastFailureAt.getTime() < forgetMs(policy);
      const failures = fresh ? row.failures + 1 : 1;
      const blockedUntil =
        failures >= policy.free ? new Date(now + delayMs(failures - policy.free, policy)) : null;
      const values = { failures, lastFailureAt: new Date(now), blockedUntil };
      if (!row) {
        if (await this.throttles.insert(key, values)) return;
        continue;
      }
      if (await this.throttles.update(key, row.failures, values)) return;
    }
  }

  /** Answers 429; the first refusal of each block goes to the security log. */
  private async refuse(
    key: string,
    until: Date,
    username: string,
    clientIp: string | null,
  ): Promise<never> {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    if (await this.throttles.markLogged(key, until)) {
      // JSON-quoted: a name is whatever the client typed, line breaks included.
      this.logger.warn(`登录尝试过于频繁:账号 ${JSON.stringify(username)} 须等待 ${seconds} 秒`);
      await this.securityLog.record({
        kind: 'loginThrottled',
        username: username.slice(0, 64),
        clientIp,
        detail: { retryAfterSeconds: seconds, scope: key.split(':')[0] },
      });
    }
    throw new TooManyRequestsError(throttledMessage(seconds), seconds);
  }

  private async cleanup(): Promise<void> {
    const longest = Math.max(...Object.values(this.policies).map(forgetMs));
    const before = new Date(Date.now() - Math.max(longest, 24 * 60 * 60_000));
    await this.throttles.removeQuietSince(before);
  }
}

/** The delay after the n-th failure beyond the free ones: 1 s, 2 s, 4 s, … up to the cap. */
export function delayMs(beyondFree: number, policy: Policy): number {
  return Math.min(policy.maxDelayMs, FIRST_DELAY_MS * 2 ** Math.min(beyondFree, 40));
}

function forgetMs(policy: Policy): number {
  return Math.max(FORGET_MS, 2 * policy.maxDelayMs);
}

/** User names compare case-insensitively and without surrounding spaces. */
export function normaliseAccount(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}

function keysOf(username: string, clientIp: string | null): Record<Scope, string> {
  const account = normaliseAccount(username);
  const client = clientIp ?? 'unknown';
  const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
  return {
    accountClient: `ac:${hash(`${account}\0${client}`)}`,
    account: `a:${hash(account)}`,
    client: `c:${hash(client)}`,
  };
}
