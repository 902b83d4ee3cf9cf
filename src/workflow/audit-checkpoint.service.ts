import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { shanghaiDay, shanghaiMidnight, shanghaiParts } from '../common/shanghai-time';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CycleRegistry } from '../scheduling/cycle-registry';
import { TimerService } from '../scheduling/timer.service';
import {
  checkpointFingerprint,
  readLatestCheckpoint,
  signCheckpoint,
  writeCheckpointFile,
  type Checkpoint,
  type CheckpointStore,
} from './audit-checkpoint';
import { AuditHeadsRepository } from './audit-heads.repository';
import { AuditKeyring } from './audit-keyring';
import { AuditVerifier } from './audit-verifier';

export const CHECKPOINT_TIMER = 'audit.checkpoint';

/**
 * The daily checkpoint: the head (last seq and hash) of every hash-chained store's chains, signed
 * with the audit key and written outside the database (DATA_DIR/audit-checkpoints/YYYY-MM-DD.json,
 * 0600), where a rewrite or a deleted last row in the database can be measured against it. Each
 * day is a `scheduled_timer` row (kind audit.checkpoint, key audit:YYYY-MM-DD) due just after midnight,
 * Beijing time, fired once across instances by the timer service; firing twice writes the same
 * day's file again with the heads of the moment, which is harmless.
 */
@Injectable()
export class AuditCheckpointService implements OnModuleInit {
  private readonly logger = new Logger('AuditCheckpoint');
  private readonly laid = new Set<string>();

  constructor(
    private readonly auditHeads: AuditHeadsRepository,
    private readonly keyring: AuditKeyring,
    private readonly verifier: AuditVerifier,
    private readonly timers: TimerService,
    private readonly cycles: CycleRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'dataDir'>,
  ) {}

  onModuleInit(): void {
    this.cycles.register('audit-checkpoint', (now) => this.runDue(now));
    this.timers.register(CHECKPOINT_TIMER, async (_timer, now) => {
      const { file } = await this.write(now);
      this.logger.log(`已写入审计检查点 ${file}`);
    });
  }

  /** Lays today's and tomorrow's checkpoint timers and fires what is due. */
  async runDue(now: Date = this.clock.now()): Promise<number> {
    const { year, month, day } = shanghaiParts(now);
    for (const offset of [0, 1]) {
      const midnight = shanghaiMidnight(year, month, day + offset);
      const date = shanghaiDay(midnight);
      const key = `audit:${date}`;
      if (this.laid.has(key)) continue;
      await this.timers.schedule({
        kind: CHECKPOINT_TIMER,
        key,
        dueAt: new Date(midnight.getTime() + 5 * 60_000),
        payload: { day: date },
      });
      this.laid.add(key);
    }
    return this.timers.runDue(now);
  }

  /** Takes a checkpoint now and writes it; returns it with its file. */
  async write(now: Date = this.clock.now()): Promise<{ checkpoint: Checkpoint; file: string }> {
    const previous = readLatestCheckpoint(this.config.dataDir);
    const audit = await this.auditHeads.heads();
    const stores: Record<string, CheckpointStore> = {
      audit: {
        rows: audit.rows,
        // Legacy rows are those written before the first checkpoint; from then on only keyed rows.
        legacyUpTo: previous ? (previous.stores.audit?.legacyUpTo ?? null) : audit.lastLegacyId,
        heads: audit.heads,
      },
    };
    for (const store of this.verifier.storeVerifiers()) {
      const taken = await store.checkpoint();
      stores[store.name] = previous?.stores[store.name]
        ? { ...taken, legacyUpTo: previous.stores[store.name].legacyUpTo }
        : taken;
    }
    const checkpoint = signCheckpoint(this.keyring, {
      format: 'chengguo-audit-checkpoint/1',
      day: shanghaiDay(now),
      at: now.toISOString(),
      stores,
    });
    return { checkpoint, file: writeCheckpointFile(this.config.dataDir, checkpoint) };
  }

  /** The newest checkpoint, with a fingerprint to publish beside it, for the office to archive. */
  latest(): { checkpoint: Checkpoint; fingerprint: string } | null {
    const checkpoint = readLatestCheckpoint(this.config.dataDir);
    return checkpoint
      ? { checkpoint, fingerprint: checkpointFingerprint(this.keyring, checkpoint) }
      : null;
  }
}
