import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, digest } from './audit-hash';
import type { AuditKeyring } from './audit-keyring';

/** The head of one chain: its key (an instance id, or the store's name for a single chain), seq, hash. */
export type ChainHead = [chain: string, seq: number, hash: string];

export interface CheckpointStore {
  /** Rows in the store when the checkpoint was taken. */
  rows: number;
  /**
   * The highest row id that may be a legacy (unkeyed) row: rows written before keys existed.
   * Carried from checkpoint to checkpoint, so a later rewrite of keyed rows into unkeyed ones,
   * which anyone could recompute, is refused.
   */
  legacyUpTo: string | null;
  heads: ChainHead[];
}

/** A signed record, outside the database, of where every chain stood at one moment. */
export interface Checkpoint {
  format: 'chengguo-audit-checkpoint/1';
  day: string;
  at: string;
  stores: Record<string, CheckpointStore>;
  keyId: string;
  alg: string;
  signature: string;
}

const FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** The directory checkpoints are written to: DATA_DIR/audit-checkpoints (0700, files 0600). */
export function checkpointDir(dataDir: string): string {
  return join(dataDir, 'audit-checkpoints');
}

export function signCheckpoint(
  keyring: AuditKeyring,
  body: Omit<Checkpoint, 'keyId' | 'alg' | 'signature'>,
): Checkpoint {
  const { keyId, alg, signature } = keyring.sign(body);
  return { ...body, keyId, alg, signature };
}

/** Whether a checkpoint's signature holds under the key it names. */
export function checkpointSignatureHolds(keyring: AuditKeyring, checkpoint: Checkpoint): boolean {
  const { keyId, alg, signature, ...body } = checkpoint;
  return keyring.verifySignature(body, keyId, alg, signature);
}

/** A plain digest of the signed checkpoint with the configured algorithm, to publish beside it. */
export function checkpointFingerprint(keyring: AuditKeyring, checkpoint: Checkpoint): string {
  return digest(keyring.algorithm, canonicalJson(checkpoint));
}

/** Writes the day's checkpoint file (replacing an earlier one of the same day) atomically. */
export function writeCheckpointFile(dataDir: string, checkpoint: Checkpoint): string {
  const dir = checkpointDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = join(dir, `${checkpoint.day}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checkpoint, null, 1)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

/** The newest checkpoint file, or null when none has been written yet. Throws on an unreadable one. */
export function readLatestCheckpoint(dataDir: string): Checkpoint | null {
  const dir = checkpointDir(dataDir);
  if (!existsSync(dir)) return null;
  const days = readdirSync(dir)
    .filter((name) => FILE.test(name))
    .sort();
  const last = days[days.length - 1];
  if (!last) return null;
  return JSON.parse(readFileSync(join(dir, last), 'utf8')) as Checkpoint;
}
