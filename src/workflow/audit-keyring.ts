import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig, AuditAlgorithm } from '../config/app-config';
import { keyedHash, signJson, type Seal, type SealAlgorithm } from './audit-hash';

export interface AuditKey {
  id: string;
  secret: Buffer;
}

/**
 * kN-<random>.key: N orders the keys (the highest is current); the random part makes two keys made
 * apart (two instances that do not share DATA_DIR, by mistake) differ by id, so that verification
 * says the key is missing instead of calling every row of the other instance tampered.
 */
const KEY_FILE = /^(k(\d+)(?:-[0-9a-f]{1,16})?)\.key$/;
/** How long a process trusts its view of the key directory before looking again (rotation). */
const RESCAN_MS = 60_000;

/**
 * The keys the hash-chained stores are sealed with. They never go into the database: either the
 * environment (AUDIT_KEYS, the last one current) or files DATA_DIR/audit-keys/k1.key, k2.key…
 * (0600 in a 0700 directory; the highest number is current). The first start makes k1-…; rotating
 * adds the next one. Old keys stay, since the rows they sealed still verify with them.
 */
export class AuditKeyring {
  readonly algorithm: AuditAlgorithm;
  readonly dir: string;
  private keys: AuditKey[] = [];
  private scannedAt = 0;

  constructor(
    config: Pick<AppConfig, 'dataDir' | 'auditAlgorithm' | 'auditKeys'>,
    private readonly now: () => number = Date.now,
  ) {
    this.algorithm = config.auditAlgorithm;
    this.dir = join(config.dataDir, 'audit-keys');
    if (config.auditKeys) {
      this.keys = config.auditKeys;
      this.scannedAt = Infinity;
    }
  }

  get sealAlgorithm(): SealAlgorithm {
    return `hmac-${this.algorithm}`;
  }

  /** The key new rows are sealed with; on a first start, makes it. */
  current(): AuditKey {
    this.scan();
    if (!this.keys.length) {
      this.create(1);
      this.scan(true);
    }
    return this.keys[this.keys.length - 1];
  }

  /** A key by id, looking at the directory again if this process has not seen it yet. */
  find(id: string): AuditKey | null {
    const known = this.keys.find((k) => k.id === id);
    if (known) return known;
    this.scan(true);
    return this.keys.find((k) => k.id === id) ?? null;
  }

  /** Adds the next key (file keys only) and makes it current; returns its id. */
  rotate(): string {
    if (this.scannedAt === Infinity) {
      throw new Error('AUDIT_KEYS 由环境变量提供:请在其末尾追加新密钥后重启');
    }
    this.scan(true);
    const next = this.keys.length ? orderOf(this.keys[this.keys.length - 1].id) + 1 : 1;
    const id = this.create(next);
    this.scan(true);
    return id;
  }

  /** Seals content with the current key and the configured algorithm. */
  seal(content: object): Seal {
    const key = this.current();
    const alg = this.sealAlgorithm;
    return { keyId: key.id, alg, hash: keyedHash(content, key, alg) };
  }

  /** Whether a keyed seal holds: null when it does, else why not (zh-CN). */
  check(content: object, seal: Seal): string | null {
    if (!seal.keyId || !seal.alg) return '记录没有密钥标识';
    if (seal.alg !== 'hmac-sha256' && seal.alg !== 'hmac-sm3') return '记录的算法无法识别';
    const key = this.find(seal.keyId);
    if (!key) return `找不到记录所用的密钥(${seal.keyId})`;
    return equalHex(keyedHash(content, key, seal.alg), seal.hash)
      ? null
      : '记录内容与哈希不符(可能被篡改)';
  }

  /** Signs a JSON value with the current key: for checkpoints. */
  sign(value: unknown): { keyId: string; alg: SealAlgorithm; signature: string } {
    const key = this.current();
    const alg = this.sealAlgorithm;
    return { keyId: key.id, alg, signature: signJson(value, key.secret, alg) };
  }

  verifySignature(value: unknown, keyId: string, alg: string, signature: string): boolean {
    const key = this.find(keyId);
    if (!key || (alg !== 'hmac-sha256' && alg !== 'hmac-sm3')) return false;
    return equalHex(signJson(value, key.secret, alg), signature);
  }

  private scan(force = false): void {
    if (this.scannedAt === Infinity) return;
    if (!force && this.now() - this.scannedAt < RESCAN_MS) return;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.keys = names
      .map((name) => KEY_FILE.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ id: m[1], n: Number(m[2]), file: m[0] }))
      .sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ id, file }) => ({
        id,
        secret: Buffer.from(readFileSync(join(this.dir, file), 'utf8').trim(), 'hex'),
      }));
    this.scannedAt = this.now();
  }

  /** Writes a new key kN-<random>; returns its id. */
  private create(n: number): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const id = `k${n}-${randomBytes(4).toString('hex')}`;
    writeFileSync(join(this.dir, `${id}.key`), randomBytes(32).toString('hex'), {
      mode: 0o600,
      flag: 'wx',
    });
    return id;
  }
}

function orderOf(id: string): number {
  return Number(/^k(\d+)/.exec(id)?.[1] ?? 0);
}

function equalHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
