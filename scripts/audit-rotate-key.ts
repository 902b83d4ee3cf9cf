import { loadConfig } from '../src/config/app-config';
import { AuditKeyring } from '../src/workflow/audit-keyring';

/**
 * `npm run audit:rotate-key`: adds the next audit key to DATA_DIR/audit-keys (0600). Running
 * servers seal new rows with it within a minute; older rows go on verifying with their own key.
 * Exit code 0 on success, 2 when keys come from AUDIT_KEYS (append one there instead) or on error.
 */
export function runRotateKey(env: NodeJS.ProcessEnv, print: (line: string) => void): number {
  try {
    const id = new AuditKeyring(loadConfig(env)).rotate();
    print(`已生成新的审计密钥 ${id};此后的审计记录将使用它,旧密钥请勿删除`);
    return 0;
  } catch (err) {
    print(`无法轮换审计密钥:${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runRotateKey(process.env, (line) => console.log(line));
}
