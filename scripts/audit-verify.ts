import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { buildOrmOptions } from '../src/orm/mikro-orm.config';
import { AuditKeyring } from '../src/workflow/audit-keyring';
import { AuditVerifier, type BrokenLink } from '../src/workflow/audit-verifier';
import { WorkflowRegistry } from '../src/workflow/workflow-registry';
import { ALL_WORKFLOWS } from '../src/workflow-definitions';

/**
 * `npm run audit:verify`: checks every audit chain in the configured database (DATA_DIR or
 * DATABASE_URL, as the server reads them) with the server's keys (DATA_DIR/audit-keys or
 * AUDIT_KEYS), against the newest checkpoint in DATA_DIR/audit-checkpoints, and replays each
 * instance through its machine; names every row that does not fit. Exit code 0 when every chain
 * holds, 1 when something is broken, 2 when the check could not run. Reads only.
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
    const registry = new WorkflowRegistry();
    registry.add(...ALL_WORKFLOWS);
    const verifier = new AuditVerifier(orm.em.fork(), new AuditKeyring(config), registry, config);
    const result = await verifier.verify();
    const checkpoint = result.checkpoint
      ? `;已与 ${result.checkpoint.day} 的检查点比对`
      : ';尚无检查点可比对';
    if (result.ok) {
      print(
        `审计链完整:已核验 ${result.checked} 条记录,已重放 ${result.replayed} 个流程实例${checkpoint}`,
      );
      return 0;
    }
    print(
      `审计链已损坏:共 ${result.broken.length} 处异常(已核验 ${result.checked} 条记录,已重放 ${result.replayed} 个流程实例${checkpoint})`,
    );
    for (const broken of result.broken) print(describe(broken));
    print(JSON.stringify(result));
    return 1;
  } catch (err) {
    print(`无法核验审计链:${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await orm?.close(true);
  }
}

function describe(broken: BrokenLink): string {
  const where =
    broken.store === 'checkpoint'
      ? '检查点'
      : broken.store && broken.store !== 'audit'
        ? `${broken.store} 第 ${broken.seq} 条`
        : `事项 ${broken.instanceId} 第 ${broken.seq} 条`;
  return `- ${where}${broken.auditId ? `(记录 id ${broken.auditId})` : ''}:${broken.reason}`;
}

if (require.main === module) {
  void runAuditVerify(process.env, (line) => console.log(line)).then((code) => {
    process.exitCode = code;
  });
}
