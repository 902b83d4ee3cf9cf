import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import sqlite3 from 'sqlite3';
import { ensurePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../common/private-files';
import type { AppConfig } from '../config/app-config';

const run = promisify(execFile);

/** The SQLite file inside DATA_DIR (as src/orm/mikro-orm.config.ts names it). */
export const SQLITE_FILE = 'chengguo.sqlite';
const DUMP_FILE = 'database.pgdump';
const MANIFEST = 'manifest.json';

export interface BackupManifest {
  format: 1;
  createdAt: string;
  database: { kind: 'sqlite' | 'postgres'; file: string; sha256: string };
  /** Every stored upload, by its path under files/, with its SHA-256 (which is also its name). */
  files: { path: string; sha256: string; bytes: number }[];
  /**
   * The audit trail's files outside the database, by path under DATA_DIR: the checkpoints
   * (audit-checkpoints/, copied before the database, so none is newer than the snapshot) and the
   * keys (audit-keys/, copied after it, so every key a row names is there). Absent in older backups.
   */
  trail?: { path: string; sha256: string }[];
}

/** The audit trail's directories under DATA_DIR (see src/workflow/audit-keyring.ts, audit-checkpoint.ts). */
const CHECKPOINT_DIR = 'audit-checkpoints';
const KEY_DIR = 'audit-keys';

async function copyTrail(
  from: string,
  to: string,
  dir: string,
  into: { path: string; sha256: string }[],
): Promise<void> {
  for (const path of listFiles(join(from, dir))) {
    if (path.endsWith('.tmp')) continue;
    const rel = relative(from, path);
    const copy = join(to, rel);
    await ensurePrivateDir(dirname(copy));
    await copyFile(path, copy);
    await makePrivateFile(copy);
    into.push({ path: rel, sha256: await sha256Of(copy) });
  }
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      // .tmp holds uploads still being written; they are not part of the store yet.
      if (entry.isDirectory()) {
        if (entry.name !== '.tmp') walk(full);
      } else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * A consistent online backup: the database first (SQLite `VACUUM INTO`, which reads one snapshot
 * while writers go on; PostgreSQL `pg_dump`, one repeatable-read transaction), then the uploads.
 * Uploads are content-addressed and never rewritten, so every file the database snapshot refers
 * to already exists when it is copied; files added after the snapshot are harmless extras.
 */
export async function backup(config: AppConfig, target: string): Promise<BackupManifest> {
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(`备份目录 ${target} 不为空`);
  }
  // A backup holds everything DATA_DIR holds, so it is as private: folders 0700, files 0600.
  await ensurePrivateDir(target);
  const trail: NonNullable<BackupManifest['trail']> = [];
  await copyTrail(config.dataDir, target, CHECKPOINT_DIR, trail);
  let database: BackupManifest['database'];
  if (config.databaseUrl) {
    const file = join(target, DUMP_FILE);
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.databaseUrl]);
    await makePrivateFile(file);
    database = { kind: 'postgres', file: DUMP_FILE, sha256: await sha256Of(file) };
  } else {
    const source = join(config.dataDir, SQLITE_FILE);
    if (!existsSync(source)) throw new Error(`数据库文件 ${source} 不存在`);
    const file = join(target, SQLITE_FILE);
    await vacuumInto(source, file);
    await makePrivateFile(file);
    database = { kind: 'sqlite', file: SQLITE_FILE, sha256: await sha256Of(file) };
  }
  const filesRoot = join(config.dataDir, 'files');
  const files: BackupManifest['files'] = [];
  for (const path of listFiles(filesRoot)) {
    const rel = relative(filesRoot, path);
    const copy = join(target, 'files', rel);
    await ensurePrivateDir(dirname(copy));
    await copyFile(path, copy);
    await makePrivateFile(copy);
    files.push({ path: rel, sha256: await sha256Of(copy), bytes: statSync(copy).size });
  }
  await copyTrail(config.dataDir, target, KEY_DIR, trail);
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    database,
    files,
    trail,
  };
  await writeFile(join(target, MANIFEST), JSON.stringify(manifest, null, 2), {
    mode: PRIVATE_FILE_MODE,
  });
  await makePrivateFile(join(target, MANIFEST));
  return manifest;
}

/**
 * Restores a backup into an empty data directory (and, on PostgreSQL, an empty database), after
 * checking every hash in the manifest, so a damaged backup is refused rather than half-restored.
 */
export async function restore(config: AppConfig, source: string): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(source, MANIFEST), 'utf8')) as BackupManifest;
  const problems: string[] = [];
  if ((await sha256Of(join(source, manifest.database.file))) !== manifest.database.sha256) {
    problems.push(manifest.database.file);
  }
  for (const f of manifest.files) {
    if ((await sha256Of(join(source, 'files', f.path))) !== f.sha256) problems.push(f.path);
  }
  for (const f of manifest.trail ?? []) {
    if ((await sha256Of(join(source, f.path))) !== f.sha256) problems.push(f.path);
  }
  if (problems.length) throw new Error(`备份已损坏,以下文件校验不符:${problems.join(', ')}`);
  if ((manifest.database.kind === 'postgres') !== Boolean(config.databaseUrl)) {
    throw new Error(`该备份来自 ${manifest.database.kind},与当前数据库配置不符`);
  }
  if (existsSync(join(config.dataDir, SQLITE_FILE)) || existsSync(join(config.dataDir, 'files'))) {
    throw new Error(`数据目录 ${config.dataDir} 已有数据,请恢复到空目录`);
  }
  await ensurePrivateDir(config.dataDir);
  if (config.databaseUrl) {
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      `--dbname=${config.databaseUrl}`,
      join(source, manifest.database.file),
    ]);
  } else {
    await copyFile(join(source, manifest.database.file), join(config.dataDir, SQLITE_FILE));
    await makePrivateFile(join(config.dataDir, SQLITE_FILE));
  }
  for (const f of manifest.files) {
    const to = join(config.dataDir, 'files', f.path);
    await ensurePrivateDir(join(config.dataDir, 'files'));
    await ensurePrivateDir(dirname(to));
    await copyFile(join(source, 'files', f.path), to);
    await makePrivateFile(to);
  }
  for (const f of manifest.trail ?? []) {
    const to = join(config.dataDir, f.path);
    await ensurePrivateDir(dirname(to));
    await copyFile(join(source, f.path), to);
    await makePrivateFile(to);
  }
  return manifest;
}

/** Every upload under DATA_DIR/files whose content no longer matches its name. */
export async function corruptFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, 'files');
  const bad: string[] = [];
  for (const path of listFiles(root)) {
    const name = path.split('/').pop()!;
    if ((await sha256Of(path)) !== name) bad.push(relative(root, path));
  }
  return bad;
}

function vacuumInto(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(source, sqlite3.OPEN_READWRITE, (err) => {
      if (err) return reject(err);
      // Writers hold the lock briefly; wait for them rather than fail the backup.
      db.configure('busyTimeout', 30_000);
      db.run('VACUUM INTO ?', [target], (runErr: Error | null) => {
        db.close((closeErr: Error | null) => {
          const failure = runErr ?? closeErr;
          if (failure) reject(failure);
          else resolve();
        });
      });
    });
  });
}
