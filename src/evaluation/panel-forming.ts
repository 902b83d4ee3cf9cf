import { Injectable } from '@nestjs/common';
import type { AchievementContext } from '../../workflows/achievement.machine';
import type { Achievement } from '../achievements/achievement.entity';
import { InvalidInputError } from '../common/domain-errors';
import type { Tx } from '../database/tx';
import { ExpertPoolService } from '../experts/expert-pool.service';
import { SettingsService } from '../settings/settings.service';
import { CONFLICT_LABELS } from './conflicts/conflict-rules';
import { panelSizeFor } from './evaluation-settings';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { PanelCandidatesService, type ExpertConflicts } from './panel-candidates.service';

/**
 * The rules of forming a panel: first panels from the batch solver at each domain's size, an
 * office-chosen panel checked against the pool, the credit floor and conflicts, and replacements
 * for a seat that ends. Every proposal names the experts kept off for a conflict.
 */
@Injectable()
export class PanelForming {
  constructor(
    private readonly candidates: PanelCandidatesService,
    private readonly pool: ExpertPoolService,
    private readonly settings: EvaluationSettingsService,
    private readonly scoring: SettingsService,
  ) {}

  /** First panels for items passing eligibility, solved together, each at its domain's size. */
  async proposeFor(tx: Tx, items: Achievement[]) {
    const settings = await this.settings.get(tx);
    // A panel never smaller than the scoring quorum, or it could never close.
    const { quorum } = await this.scoring.scoringPolicy();
    const proposal = await this.candidates.propose(
      tx,
      items.map((item) => ({
        item,
        current: [],
        size: Math.max(quorum, panelSizeFor(settings, item.domain.key)),
      })),
      settings,
    );
    return Object.fromEntries(
      items.map((item) => [
        item.id,
        {
          panel: proposal.added[item.id] ?? [],
          shortfall: proposal.shortfall[item.id] ?? 0,
          conflicts: excludedConflicts(proposal, item.id),
        },
      ]),
    ) as Record<string, { panel: string[]; shortfall: number; conflicts: ExcludedConflict[] }>;
  }

  /** An office-chosen panel: distinct experts from the pool, none with a standing conflict. */
  async checkPanel(tx: Tx, item: Achievement, value: unknown): Promise<string[]> {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      value.length > 25 ||
      !value.every((v) => typeof v === 'string')
    ) {
      throw InvalidInputError.field('data.panel', '专家组须为 1–25 名专家的用户 ID 列表');
    }
    const panel = [...new Set(value)];
    const members = await this.pool.members(tx, panel);
    const unknown = panel.filter((id) => !members.some((m) => m.user.id === id && m.available));
    if (unknown.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下用户不是可用的评审专家:${unknown.join('、')}`,
      );
    }
    const settings = await this.settings.get(tx);
    const newcomers = panel.filter((id) => !panelOf(item).includes(id));
    const low = await this.candidates.belowFloor(tx, newcomers, settings);
    if (low.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下专家信誉分低于准入下限 ${settings.creditFloor},不能选入专家组:${low
          .map((id) => members.find((m) => m.user.id === id)!.user.displayName)
          .join('、')}`,
      );
    }
    const blocked = (await this.candidates.conflicts(tx, item, members)).filter((c) => c.excluded);
    if (blocked.length) {
      throw InvalidInputError.field(
        'data.panel',
        `以下专家与该成果存在利益冲突,须先由工作人员认定为误报:${blocked
          .map(
            (b) =>
              `${members.find((m) => m.user.id === b.expertId)!.user.displayName}(${b.suggested.map((s) => CONFLICT_LABELS[s.kind]).join('、') || '省办已确认存在冲突'})`,
          )
          .join(';')}`,
      );
    }
    return panel;
  }

  /**
   * Replacements for the seats leaving `item`'s panel: the remaining members stay and the solver
   * fills the panel back to its size, never with `leaving`.
   */
  async replace(tx: Tx, item: Achievement, leaving: string) {
    const current = panelOf(item).filter((e) => e !== leaving);
    const proposal = await this.candidates.propose(
      tx,
      [{ item, current, alsoExclude: [leaving], size: panelOf(item).length }],
      await this.settings.get(tx),
    );
    return {
      current,
      added: proposal.added[item.id] ?? [],
      conflicts: excludedConflicts(proposal, item.id),
    };
  }

  /** Up to the panel's target size from the pool, keeping the current panel. */
  async fill(tx: Tx, item: Achievement) {
    const proposal = await this.candidates.propose(
      tx,
      [{ item, current: panelOf(item) }],
      await this.settings.get(tx),
    );
    return {
      added: proposal.added[item.id] ?? [],
      conflicts: excludedConflicts(proposal, item.id),
    };
  }
}

export interface ExcludedConflict {
  expertId: string;
  kinds: string[];
}

/**
 * The experts the solver kept off this item for a conflict, for the audit row of the event that
 * seats the panel or its replacements: every automatic exclusion is on the record, not only the
 * first panel's.
 */
export function excludedConflicts(
  proposal: { conflicts: Record<string, ExpertConflicts[]> },
  itemId: string,
): ExcludedConflict[] {
  return (proposal.conflicts[itemId] ?? [])
    .filter((c) => c.excluded)
    .map((c) => ({ expertId: c.expertId, kinds: c.suggested.map((k) => k.kind) }));
}

export function contextOf(item: Achievement): AchievementContext {
  return (item.workflow.snapshot as { context: AchievementContext }).context;
}

export function panelOf(item: Achievement): string[] {
  return contextOf(item).panel ?? [];
}
