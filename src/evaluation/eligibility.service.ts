import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Achievement } from '../achievements/achievement.entity';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { DecisionNotifier } from '../notifications/decision-notifier.service';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import type { WorkflowEventInput } from '../workflow/workflow-definition';
import { runEligibilityRules, type ChecklistEntry } from './eligibility/eligibility-rules';
import { EligibilityRepository } from './eligibility.repository';
import { EvaluationSettingsService } from './evaluation-settings.service';
import type { TopJournal } from './top-journal.entity';
import type { TopJournalDto, UpdateTopJournalDto } from './dto/top-journal.dto';

export interface ChecklistView {
  /** The checklist recorded when the item entered eligibility check. */
  recorded: {
    results: ChecklistEntry[];
    passed: boolean;
    trigger: string;
    checkedAt: string;
  } | null;
  /** The rules run now, against the record and attachments as they are. */
  current: { results: ChecklistEntry[]; passed: boolean };
}

/**
 * The eligibility check (形式审查): runs the rules of the item's category and records the
 * checklist in the same transaction as the event that brought the item into eligibilityCheck,
 * whoever sent it (the batch close job, the office, the owner resubmitting).
 */
@Injectable()
export class EligibilityService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EligibilityRepository,
    private readonly settings: EvaluationSettingsService,
    private readonly notifier: DecisionNotifier,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.notifier.explainRejections((tx, id) => this.failedRules(tx, id));
  }

  /** The rules of the checklist recorded on entering 形式审查 that the item failed, in words. */
  async failedRules(tx: Tx, id: string): Promise<string[]> {
    const check = await this.repository.latestCheck(tx, id);
    return (check?.results ?? [])
      .filter((r) => !r.passed)
      .map((r) => (r.reason ? `${r.label}:${r.reason}` : r.label));
  }

  /** Declared in src/workflow-reactions.ts: the checklist on entering eligibilityCheck. */
  async onEnter(
    transition: Tx,
    result: TransitionResult,
    input: WorkflowEventInput,
  ): Promise<void> {
    if (result.state !== 'eligibilityCheck' || result.fromState === 'eligibilityCheck') return;
    const tx = transition;
    const item = await this.repository.item(tx, result.id);
    const results = await this.evaluate(tx, item);
    await this.repository.recordCheck(tx, {
      achievement: item,
      results,
      passed: results.every((r) => r.passed),
      trigger: input.type,
      auditSeq: result.auditSeq,
      checkedAt: this.clock.now(),
    });
  }

  async evaluate(tx: Tx, item: Achievement): Promise<ChecklistEntry[]> {
    // One after the other: `tx` is the transition's transaction, one connection, and pg refuses
    // (deprecated now, an error in pg 9) a second query on a client that is still busy.
    const attachmentKinds = await this.repository.attachmentKinds(tx, item.id);
    const journals = await this.repository.activeJournals(tx);
    const settings = await this.settings.get(tx);
    return runEligibilityRules({
      category: item.category,
      levelClaim: item.levelClaim ?? null,
      completingUnits: item.completingUnits ?? [],
      completers: item.completers ?? [],
      ip: item.ip ?? null,
      evidence: item.evidence ?? {},
      attachmentKinds,
      topJournals: journals.map((j) => ({ name: j.name, issn: j.issn, tier: j.tier })),
      requiredAttachments: settings.requiredAttachments,
    });
  }

  async checklist(id: string): Promise<ChecklistView> {
    const tx = this.transactions.reader();
    const item = await this.repository.findItem(tx, id);
    if (!item) throw new NotFoundError('成果不存在', { id });
    const recorded = await this.repository.latestCheck(tx, id);
    const current = await this.evaluate(tx, item);
    return {
      recorded: recorded && {
        results: recorded.results,
        passed: recorded.passed,
        trigger: recorded.trigger,
        checkedAt: recorded.checkedAt.toISOString(),
      },
      current: { results: current, passed: current.every((r) => r.passed) },
    };
  }

  /**
   * The rules run now for several items at once (the office's review page): one query for their
   * attachments and one for the journals and settings, then the pure rules per item.
   */
  async currentChecklists(ids: string[]): Promise<Map<string, ChecklistEntry[]>> {
    const out = new Map<string, ChecklistEntry[]>();
    if (ids.length === 0) return out;
    const tx = this.transactions.reader();
    const items = await this.repository.items(tx, ids);
    const attachments = await this.repository.attachmentKindsOfMany(tx, ids);
    const journals = await this.repository.activeJournals(tx);
    const settings = await this.settings.get(tx);
    for (const item of items) {
      out.set(
        item.id,
        runEligibilityRules({
          category: item.category,
          levelClaim: item.levelClaim ?? null,
          completingUnits: item.completingUnits ?? [],
          completers: item.completers ?? [],
          ip: item.ip ?? null,
          evidence: item.evidence ?? {},
          attachmentKinds: attachments.filter((a) => a.itemId === item.id).map((a) => a.kind),
          topJournals: journals.map((j) => ({ name: j.name, issn: j.issn, tier: j.tier })),
          requiredAttachments: settings.requiredAttachments,
        }),
      );
    }
    return out;
  }

  /**
   * What PASS_ELIGIBILITY records about the rules: the failed ones, which the office may override
   * only with a comment (400 otherwise).
   */
  async passDecision(
    tx: Tx,
    item: Achievement,
    comment: string | undefined,
  ): Promise<{ failedRules: string[]; overridden: boolean }> {
    const failed = (await this.evaluate(tx, item)).filter((r) => !r.passed);
    if (failed.length && !comment) {
      throw InvalidInputError.field(
        'comment',
        `形式审查未通过的规则:${failed.map((f) => `${f.label}(${f.reason})`).join(';')}。如仍予通过,须填写理由`,
      );
    }
    return { failedRules: failed.map((f) => f.rule), overridden: failed.length > 0 };
  }

  listJournals(): Promise<TopJournal[]> {
    return this.repository.journals(this.transactions.reader());
  }

  async addJournal(dto: TopJournalDto): Promise<TopJournal> {
    const tx = this.transactions.reader();
    if (await this.repository.journalByIssn(tx, dto.issn)) {
      throw new ConflictError('该 ISSN 已在顶级期刊目录中', { issn: dto.issn });
    }
    return this.repository.addJournal(tx, { ...dto, active: true, updatedAt: this.clock.now() });
  }

  async updateJournal(id: string, dto: UpdateTopJournalDto): Promise<TopJournal> {
    const tx = this.transactions.reader();
    const journal = await this.repository.journal(tx, id);
    if (!journal) throw new NotFoundError('期刊不存在', { id });
    if (
      dto.issn &&
      dto.issn !== journal.issn &&
      (await this.repository.journalByIssn(tx, dto.issn))
    ) {
      throw new ConflictError('该 ISSN 已在顶级期刊目录中', { issn: dto.issn });
    }
    await this.repository.updateJournal(tx, journal, { ...dto, updatedAt: this.clock.now() });
    return journal;
  }
}
