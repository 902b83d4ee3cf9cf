import type { AuditContent } from '../src/workflow/audit-hash';

/**
 * How a data migration seals the audit rows it writes. The key is never in the database, so the
 * migration cannot make a row's HMAC itself: the process that runs the migrations (the
 * MigrationRunner at start) registers the application's keyring under this MikroORM extension
 * name, and a migration that must append to the trail asks for it. A migration that finds rows to
 * seal and no sealer stops rather than write rows verification would call forged.
 */
export const AUDIT_SEAL_EXTENSION = 'chengguo:audit-seal';

/** Seals the fields an audit row's hash covers, the runner's AuditContent, with the application's key. */
export type AuditSealer = (content: AuditContent) => {
  keyId: string | null;
  alg: string | null;
  hash: string;
};
