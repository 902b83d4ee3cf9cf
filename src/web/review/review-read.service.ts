import { Injectable } from '@nestjs/common';
import type { AchievementSummaryView, AchievementView } from '../../achievements/achievement.view';
import { AchievementsService } from '../../achievements/achievements.service';
import type { AuthUser } from '../../access/auth-user';
import { DomainError } from '../../common/domain-errors';
import type { ChecklistEntry } from '../../evaluation/eligibility/eligibility-rules';
import { EligibilityService } from '../../evaluation/eligibility.service';
import { EvaluationService } from '../../evaluation/evaluation.service';
import type { ExpertConflicts } from '../../evaluation/panel-candidates.service';
import { PanelExpertsService, type PanelExpert } from '../../evaluation/panel-experts.service';

export interface EligibilityRow {
  item: AchievementSummaryView;
  checklist: ChecklistEntry[];
}

export interface PanelReview {
  item: AchievementSummaryView;
  panel: Awaited<ReturnType<EvaluationService['panel']>>;
  conflicts: ExpertConflicts[];
  experts: Map<string, PanelExpert>;
}

/** What a batch pass did, read back from the items themselves after the redirect. */
export interface BatchSummary {
  passed: { item: AchievementSummaryView; panel: number; target: number }[];
  failed: { id: string; title: string; reasons: string[] }[];
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

const ELIGIBILITY_PAGE = 50;
const PANEL_PAGE = 20;

/**
 * The office's review page, a page of each section at a time: the lists come from the API's
 * keyset-paged list in SQL, the rule results for a page in three queries, the experts' fields in
 * two. Nothing here loads every item of a state.
 */
@Injectable()
export class ReviewReadService {
  constructor(
    private readonly achievements: AchievementsService,
    private readonly evaluation: EvaluationService,
    private readonly eligibility: EligibilityService,
    private readonly experts: PanelExpertsService,
  ) {}

  async eligibilityPage(user: AuthUser, cursor?: string): Promise<Paged<EligibilityRow>> {
    const page = await this.achievements.list(user, {
      state: 'eligibilityCheck',
      limit: ELIGIBILITY_PAGE,
      cursor,
    });
    const checklists = await this.eligibility.currentChecklists(page.items.map((i) => i.id));
    return {
      items: page.items.map((item) => ({ item, checklist: checklists.get(item.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  async panelsPage(user: AuthUser, cursor?: string): Promise<Paged<PanelReview>> {
    const page = await this.achievements.list(user, {
      state: 'expertScoring',
      limit: PANEL_PAGE,
      cursor,
    });
    const panels = await this.evaluation.panels(
      page.items.map((i) => i.id),
      true,
    );
    const loaded = page.items.flatMap((item) => {
      const found = panels.get(item.id);
      if (!found) return [];
      const { conflicts, ...panel } = found;
      return [{ item, panel, conflicts }];
    });
    const ids = new Set<string>();
    for (const p of loaded) {
      p.panel.seats.forEach((s) => ids.add(s.expert.id));
      p.conflicts.forEach((c) => ids.add(c.expertId));
    }
    const experts = await this.experts.experts([...ids]);
    return { items: loaded.map((p) => ({ ...p, experts })), nextCursor: page.nextCursor };
  }

  /** The rules run now for these items (the batch pass decides from them). */
  checklists(ids: string[]): Promise<Map<string, ChecklistEntry[]>> {
    return this.eligibility.currentChecklists(ids);
  }

  /** The pool the office may pick from when changing a panel (the event checks the pick). */
  async pool(): Promise<PanelExpert[]> {
    return [...(await this.experts.experts()).values()].filter((e) => e.available);
  }

  async consensusPage(user: AuthUser, cursor?: string): Promise<Paged<AchievementView>> {
    const page = await this.achievements.list(user, {
      state: 'consensus',
      limit: PANEL_PAGE,
      cursor,
    });
    return {
      items: await Promise.all(page.items.map((s) => this.achievements.get(user, s.id))),
      nextCursor: page.nextCursor,
    };
  }

  /** The summary of a batch pass: each passed item's panel, each failed one's reasons. */
  async summary(user: AuthUser, passed: string[], failed: string[]): Promise<BatchSummary> {
    const out: BatchSummary = { passed: [], failed: [] };
    for (const id of passed) {
      const item = await this.viewOf(user, id);
      if (!item) continue;
      const panel = await this.evaluation.panel(id);
      out.passed.push({ item, panel: panel.panel.length, target: panel.target });
    }
    const checklists = await this.eligibility.currentChecklists(failed);
    for (const id of failed) {
      const item = await this.viewOf(user, id);
      if (!item) continue;
      const reasons =
        item.state !== 'eligibilityCheck'
          ? [`已不在形式审查中(当前:${item.stateLabel})`]
          : (checklists.get(id) ?? [])
              .filter((r) => !r.passed)
              .map((r) => `${r.label}:${r.reason}`);
      out.failed.push({
        id,
        title: item.title,
        reasons: reasons.length ? reasons : ['未通过,请重试'],
      });
    }
    return out;
  }

  private async viewOf(user: AuthUser, id: string): Promise<AchievementView | null> {
    try {
      return await this.achievements.get(user, id);
    } catch (err) {
      if (err instanceof DomainError) return null;
      throw err;
    }
  }
}
