import type { EntityManager } from '@mikro-orm/core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditAlgorithm } from '../../src/config/app-config';
import { AuditKeyring } from '../../src/workflow/audit-keyring';
import { AuditVerifier } from '../../src/workflow/audit-verifier';
import { AuditRepository } from '../../src/workflow/audit.repository';
import type { WorkflowDefinition } from '../../src/workflow/workflow-definition';
import { WorkflowRegistry } from '../../src/workflow/workflow-registry';
import { ALL_WORKFLOWS } from '../../src/workflow-definitions';

/** A keyring with its key files in a fresh directory, for tests that build the runner by hand. */
export function testKeyring(
  dataDir: string = mkdtempSync(join(tmpdir(), 'chengguo-keys-')),
  auditAlgorithm: AuditAlgorithm = 'sha256',
): AuditKeyring {
  return new AuditKeyring({ dataDir, auditAlgorithm, auditKeys: null });
}

/** The verifier the application uses, over every workflow the application runs plus `extra`. */
export function testVerifier(
  em: EntityManager,
  keyring: AuditKeyring,
  extra: WorkflowDefinition[] = [],
): AuditVerifier {
  const registry = new WorkflowRegistry();
  registry.add(...ALL_WORKFLOWS, ...extra);
  return new AuditVerifier(new AuditRepository(em), keyring, registry, {
    dataDir: join(keyring.dir, '..'),
  });
}
