import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { buildOrmOptions } from '../src/database/mikro-orm.config';
import { AuditService } from '../src/workflow/audit.service';

/**
 * `npm run audit:verify`: recomputes every audit chain in the configured database (DATA_DIR or
 * DATABASE_URL, as the server reads them) and names the first row that does not fit. Exit code
 * 0 when every chain holds, 1 when one is broken, 2 when the check could not run. Reads only.
 */
export async function runAuditVerify(
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<number> {
  let orm: MikroORM | null = null;
  try {
    const config = loadConfig(env);
    const sqliteFile = join(config.dataDir, 'chengguo.sqlite');
    // Opening a missing SQLite file would create an empty database and report it as whole.
    if (!config.databaseUrl && !existsSync(sqliteFile)) {
      throw new Error(`数据库文件不存在:${sqliteFile}`);
    }
    orm = await MikroORM.init(
      buildOrmOptions({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }),
    );
    const result = await new AuditService(orm.em.fork()).verify();
    if (result.ok) {
      print(`审计链完整:已核验 ${result.checked} 条记录`);
      return 0;
    }
    const broken = result.firstBroken;
    print(
      `审计链已损坏:事项 ${broken.instanceId} 第 ${broken.seq} 条` +
        `${broken.auditId ? `(审计记录 id ${broken.auditId})` : ''}:${broken.reason}` +
        `(此前已核验 ${result.checked} 条)`,
    );
    print(JSON.stringify(result));
    return 1;
  } catch (err) {
    print(`无法核验审计链:${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await orm?.close(true);
  }
}

if (require.main === module) {
  void runAuditVerify(process.env, (line) => console.log(line)).then((code) => {
    process.exitCode = code;
  });
}
