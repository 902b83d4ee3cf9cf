/**
 * `npm run backup -- <folder>`: a consistent online backup of the configured database (DATA_DIR's
 * SQLite file, or DATABASE_URL through pg_dump) and the uploads, with a manifest of hashes.
 * `npm run restore -- <folder>` brings one back into an empty DATA_DIR (and empty database).
 */
import { resolve } from 'node:path';
import { backup, restore } from '../src/backup/backup';
import { loadConfig } from '../src/config/app-config';

async function main(): Promise<void> {
  const [command, folder] = process.argv.slice(2);
  if (!folder || (command !== 'backup' && command !== 'restore')) {
    console.error('用法:npm run backup -- <备份目录>  |  npm run restore -- <备份目录>');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  if (command === 'backup') {
    const manifest = await backup(config, resolve(folder));
    console.log(
      `备份完成:${resolve(folder)}(${manifest.database.kind} 数据库,${manifest.files.length} 个附件)`,
    );
  } else {
    const manifest = await restore(config, resolve(folder));
    console.log(
      `恢复完成:${manifest.database.kind} 数据库和 ${manifest.files.length} 个附件已恢复到 ${config.dataDir}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
