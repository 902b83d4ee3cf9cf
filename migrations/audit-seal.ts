/**
 * How a data migration seals the audit rows it writes. The key is never in the database, so the
 * migration cannot make a row's HMAC itself: the process that runs the migrations (the
 * MigrationRunner at start) registers the application's keyring under this MikroORM extension
 * name, and a migration that must append to the trail asks for it. A migration that finds rows to
 * seal and no sealer stops rather than write rows verification would call forged.
 */
export const AUDIT_SEAL_EXTENSION = 'chengguo:audit-seal';

/** The fields an audit row's seal covers, as the runner hashes them (src/workflow/audit-hash.ts). */
export interface SealedAuditContent {
  instanceId: string;
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  at: string;
  comment: string | null;
  payload: Record<string, unknown>;
  prevHash: string | null;
}

export type AuditSealer = (content: SealedAuditContent) => {
  keyId: string | null;
  alg: string | null;
  hash: string;
};
