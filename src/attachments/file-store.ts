import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../common/private-files';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed file storage under $DATA_DIR/files/<sha256[0..2]>/<sha256>. A file is written
 * to a temporary name in the same tree and renamed into place, so readers never see half a file;
 * identical content is stored once.
 *
 * Writes and removals of one hash can be serialised with `exclusive`, so a removal that has checked
 * "no live row uses this content" cannot interleave with an upload re-ensuring its file.
 */
@Injectable()
export class FileStore {
  private readonly root: string;
  private readonly tmp: string;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = join(config.dataDir, 'files');
    this.tmp = join(this.root, '.tmp');
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the bytes under their hash unless already there; true if this call created the file. */
  async put(sha256: string, bytes: Buffer): Promise<boolean> {
    const target = this.pathOf(sha256);
    if (await this.exists(sha256)) return false;
    // DATA_DIR, files/, files/.tmp and files/<xx>/ are 0700 and every file 0600 (private-files.ts).
    await ensurePrivateDir(this.tmp);
    await ensurePrivateDir(this.root);
    await ensurePrivateDir(dirname(this.root));
    await ensurePrivateDir(join(this.root, sha256.slice(0, 2)));
    const temp = join(this.tmp, `${sha256}.${randomUUID()}`);
    try {
      const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
      try {
        await handle.chmod(PRIVATE_FILE_MODE);
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // Atomic on one file system; a concurrent writer of the same content renames identical bytes.
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    return true;
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Runs `work` while no other `exclusive` call for the same hash runs in this process. */
  async exclusive<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(sha256) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    const tail = current.catch(() => undefined);
    this.locks.set(sha256, tail);
    try {
      return await current;
    } finally {
      if (this.locks.get(sha256) === tail) this.locks.delete(sha256);
    }
  }
}
