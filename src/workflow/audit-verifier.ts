import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { auditHash, type AuditContent } from './audit-hash';
import type { AuditEvent } from './audit-event.entity';
import {
  checkpointSignatureHolds,
  readLatestCheckpoint,
  type Checkpoint,
  type CheckpointStore,
} from './audit-checkpoint';
import { AuditKeyring } from './audit-keyring';
import { replayInstance } from './audit-replay';
import { AuditRepository } from './audit.repository';
import type { WorkflowInstance } from './workflow-instance.entity';
import { WorkflowRegistry } from './workflow-registry';

export interface BrokenLink {
  /** The workflow instance whose chain breaks; for another store, that store's name. */
  instanceId: string;
  seq: number;
  auditId: string | null;
  reason: string;
  /** `audit` (the workflow trail, the default), or another hash-chained store. */
  store?: string;
}

export interface CheckpointSummary {
  day: string;
  at: string;
  /** Whether its signature holds and every chain still reaches the head it records. */
  ok: boolean;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows of the workflow trail checked: every row of every instance's chain. */
  checked: number;
  /** The other chained stores verified with it (the security log), with the entries each had. */
  stores: { name: string; checked: number }[];
  /** The first of `broken`, for older callers. */
  firstBroken?: BrokenLink;
  /** Every row that does not fit, every missing row and every disagreement, chain by chain. */
  broken: BrokenLink[];
  /** Instances whose trail was replayed through their machine and compared with the stored state. */
  replayed: number;
  /** The newest checkpoint the chains were compared with; null when none has been written yet. */
  checkpoint: CheckpointSummary | null;
}

/** One more hash-chained store verified alongside the workflow trail (the security log). */
export interface ChainStoreVerifier {
  name: string;
  verify(
    keyring: AuditKeyring,
    checkpoint: CheckpointStore | undefined,
  ): Promise<{ checked: number; broken: BrokenLink[] }>;
  checkpoint(): Promise<CheckpointStore>;
}

export const TAMPERED = '记录内容与哈希不符(可能被篡改)';
export const LEGACY_AFTER_KEYS = '启用密钥之后出现了无密钥的记录(可能被按公开算法改写)';
const PAGE = 500;

/**
 * Checks every chain to its end and lists everything that does not fit: per instance, seq runs
 * 1..n without gaps, each row's prevHash is its predecessor's hash, each hash is the HMAC of the
 * row under the key it names (or, for rows from before keys existed, the legacy SHA-256), the
 * instance's version equals its last seq, the trail replayed through the machine gives the stored
 * state, and every chain still reaches the head the newest signed checkpoint recorded.
 */
@Injectable()
export class AuditVerifier {
  private readonly stores: ChainStoreVerifier[] = [];

  constructor(
    private readonly trail: AuditRepository,
    private readonly keyring: AuditKeyring,
    private readonly registry: WorkflowRegistry,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'dataDir'>,
  ) {}

  /** Adds another hash-chained store to verification (and to the checkpoint). */
  addStore(store: ChainStoreVerifier): void {
    this.stores.push(store);
  }

  storeVerifiers(): readonly ChainStoreVerifier[] {
    return this.stores;
  }

  async verify(): Promise<VerifyResult> {
    const broken: BrokenLink[] = [];
    let checked = 0;
    let replayed = 0;
    let checkpoint: Checkpoint | null = null;
    let checkpointOk = true;
    try {
      checkpoint = readLatestCheckpoint(this.config.dataDir);
      if (checkpoint && !checkpointSignatureHolds(this.keyring, checkpoint)) {
        checkpointOk = false;
        broken.push(checkpointProblem('检查点文件的签名无效(文件被改动或密钥不符)'));
        checkpoint = null;
      }
    } catch {
      checkpointOk = false;
      broken.push(checkpointProblem('检查点文件无法读取'));
    }
    const audit = checkpoint?.stores.audit;
    const heads = new Map(audit?.heads.map(([chain, seq, hash]) => [chain, { seq, hash }]));
    const legacyLimit = audit
      ? audit.legacyUpTo === null
        ? 0n
        : BigInt(audit.legacyUpTo)
      : await this.firstKeyedId();

    let cursor: string | null = null;
    for (;;) {
      const { instances, chains } = await this.trail.instanceChains(cursor, PAGE);
      if (!instances.length) break;
      for (const instance of instances) {
        const chain = chains.get(instance.id) ?? [];
        checked += chain.length;
        const head = heads.get(instance.id);
        heads.delete(instance.id);
        const problems = this.checkChain(instance, chain, head, legacyLimit);
        if (problems.replayed) replayed++;
        broken.push(...problems.broken);
      }
      if (instances.length < PAGE) break;
      cursor = instances[instances.length - 1].id;
    }
    for (const [instanceId, head] of heads) {
      broken.push({
        instanceId,
        seq: head.seq,
        auditId: null,
        reason: `检查点记录的这条链(${head.seq} 条)已不存在`,
      });
    }
    const stores: VerifyResult['stores'] = [];
    for (const store of this.stores) {
      const result = await store.verify(this.keyring, checkpoint?.stores[store.name]);
      stores.push({ name: store.name, checked: result.checked });
      broken.push(...result.broken);
    }
    if (checkpoint && broken.some((b) => b.reason.includes('检查点'))) checkpointOk = false;
    return {
      ok: broken.length === 0,
      checked,
      stores,
      ...(broken.length ? { firstBroken: broken[0] } : {}),
      broken,
      replayed,
      checkpoint: checkpoint ? { day: checkpoint.day, at: checkpoint.at, ok: checkpointOk } : null,
    };
  }

  /** Keyed rows began at this id: any unkeyed row after it was not written by the application. */
  private async firstKeyedId(): Promise<bigint> {
    const first = await this.trail.firstKeyedId();
    return first ? BigInt(first) - 1n : BigInt(Number.MAX_SAFE_INTEGER) ** 2n;
  }

  private checkChain(
    instance: WorkflowInstance,
    rows: AuditEvent[],
    head: { seq: number; hash: string } | undefined,
    legacyLimit: bigint,
  ): { broken: BrokenLink[]; replayed: boolean } {
    const broken: BrokenLink[] = [];
    const at = (seq: number, auditId: string | null, reason: string) =>
      broken.push({ instanceId: instance.id, seq, auditId, reason });
    if (!rows.length) {
      at(0, null, '实例没有任何审计记录');
      return { broken, replayed: false };
    }
    let expectedSeq = 1;
    let prev: string | null = null;
    let keyedSeen = false;
    for (const row of rows) {
      const reason = this.checkRow(row, expectedSeq, prev, keyedSeen, legacyLimit);
      if (reason) at(row.seq, String(row.id), reason);
      if (head && row.seq === head.seq && row.hash !== head.hash) {
        at(row.seq, String(row.id), '与检查点记录的哈希不一致(记录在检查点之后被改写)');
      }
      keyedSeen ||= row.keyId !== null;
      expectedSeq = row.seq + 1;
      prev = row.hash;
    }
    const last = rows[rows.length - 1];
    if (instance.version !== last.seq) {
      at(last.seq, null, `实例版本 ${instance.version} 与审计链末条序号 ${last.seq} 不一致`);
    }
    if (head && last.seq < head.seq) {
      at(
        head.seq,
        null,
        `检查点记录这条链有 ${head.seq} 条,现只有 ${last.seq} 条(末尾的记录被删除)`,
      );
    }
    const definition = this.registry.get(instance.definition);
    if (!definition) return { broken, replayed: false };
    const problem = replayInstance(definition, instance, rows.map(auditContentOf));
    if (problem) {
      const row = rows.find((r) => r.seq === problem.seq);
      at(problem.seq, row ? String(row.id) : null, problem.reason);
    }
    return { broken, replayed: true };
  }

  private checkRow(
    row: AuditEvent,
    expectedSeq: number,
    expectedPrev: string | null,
    keyedSeen: boolean,
    legacyLimit: bigint,
  ): string | null {
    if (row.seq !== expectedSeq) return `序号应为 ${expectedSeq},实为 ${row.seq}`;
    if (row.prevHash !== expectedPrev) return '前一条记录的哈希不匹配';
    const content = auditContentOf(row);
    if (row.keyId === null) {
      if (keyedSeen || BigInt(row.id) > legacyLimit) return LEGACY_AFTER_KEYS;
      return auditHash(content) === row.hash ? null : TAMPERED;
    }
    return this.keyring.check(content, {
      keyId: row.keyId,
      alg: row.hashAlg as never,
      hash: row.hash,
    });
  }
}

function checkpointProblem(reason: string): BrokenLink {
  return { instanceId: '', seq: 0, auditId: null, reason, store: 'checkpoint' };
}

/** The fields of a stored row that its hash covers, in the form they were hashed. */
export function auditContentOf(row: AuditEvent): AuditContent {
  return {
    instanceId: row.instance.id,
    seq: row.seq,
    eventType: row.eventType,
    fromState: row.fromState,
    toState: row.toState,
    actorId: row.actorId,
    actorRole: row.actorRole,
    at: row.at.toISOString(),
    comment: row.comment,
    payload: row.payload,
    prevHash: row.prevHash,
  };
}
