import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig, AuditAlgorithm } from '../config/app-config';
import { keyedHash, signJson, type Seal, type SealAlgorithm } from './audit-hash';

export interface AuditKey {
  id: string;
  secret: Buffer;
}

const KEY_FILE = /^k(\d+)\.key$/;
/** How long a process trusts its view of the key directory before looking again (rotation). */
const RESCAN_MS = 60_000;

/**
 * The keys the hash-chained stores are sealed with. They never go into the database: either the
 * environment (AUDIT_KEYS, the last one current) or files DATA_DIR/audit-keys/k1.key, k2.key…
 * (0600 in a 0700 directory; the highest number is current). The first start makes k1; rotating
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
    const next = this.keys.length ? Number(this.keys[this.keys.length - 1].id.slice(1)) + 1 : 1;
    this.create(next);
    this.scan(true);
    return `k${next}`;
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
      .map((m) => ({ n: Number(m[1]), file: m[0] }))
      .sort((a, b) => a.n - b.n)
      .map(({ n, file }) => ({
        id: `k${n}`,
        secret: Buffer.from(readFileSync(join(this.dir, file), 'utf8').trim(), 'hex'),
      }));
    this.scannedAt = this.now();
  }

  /** Writes key kN unless it exists (another instance on the same DATA_DIR made it first). */
  private create(n: number): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    try {
      writeFileSync(join(this.dir, `k${n}.key`), randomBytes(32).toString('hex'), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

function equalHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
