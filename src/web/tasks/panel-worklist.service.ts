import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/tx';
import { conflictsOf, rememberingNormalizer } from '../../evaluation/conflicts/conflict-rules';
import { EvaluationService } from '../../evaluation/evaluation.service';
import { PanelCandidatesService } from '../../evaluation/panel-candidates.service';
import { ExpertPoolService } from '../../experts/expert-pool.service';
import { WorklistRowsRepository } from './worklist-rows.repository';
import { WorklistRepository } from './worklist.repository';

/**
 * The office's 专家组待确认 group, the one that cannot be a plain filter (a short panel or a
 * seated expert's undecided conflict): worked out from two light queries over the items in
 * scoring rather than from each item's full view.
 */
@Injectable()
export class PanelWorklistService {
  constructor(
    private readonly repo: WorklistRepository,
    private readonly rows: WorklistRowsRepository,
    private readonly evaluation: EvaluationService,
    private readonly candidates: PanelCandidatesService,
    private readonly pool: ExpertPoolService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * The panels the office must look at, newest first: short of their target size, or with a
   * seated expert's suggested conflict that the office has not decided. Suggested conflicts keep
   * an expert off new panels by themselves; the office's word is needed when one concerns a
   * member already seated.
   *
   * With `slice`, only those rows get their notes: a short panel is in the list whatever its
   * conflicts, so the conflict rules run for the panels that are not short (to know whether they
   * are in it) and for the rows shown (for their notes), not for every seat of every item in
   * scoring (3,000 items at 100,000, every one short in the bench's province).
   */
  async panelsNeedingReview(
    slice?: (total: number) => { from: number; to: number },
  ): Promise<{ total: number; rows: { id: string; note: string }[] }> {
    const items = await this.repo.scoringPanels();
    const target = await this.evaluation.panelTargets();
    const shortfall = new Map(items.map((i) => [i.id, target(i.domain) - i.panelSize]));
    const round = new Map(items.map((i) => [i.id, i.round]));
    const full = items.filter((i) => shortfall.get(i.id)! <= 0).map((i) => i.id);
    const open = await this.openConflicts(full, round);
    const listed = items
      .filter((i) => shortfall.get(i.id)! > 0 || open.has(i.id))
      .sort((a, b) => b.updatedAt - a.updatedAt || b.id.localeCompare(a.id));
    const { from, to } = slice ? slice(listed.length) : { from: 0, to: listed.length };
    const shown = listed.slice(from, to);
    const shortShown = shown.filter((i) => !open.has(i.id)).map((i) => i.id);
    for (const [id, count] of await this.openConflicts(shortShown, round)) open.set(id, count);
    return {
      total: listed.length,
      rows: shown.map((item) => {
        const short = shortfall.get(item.id)!;
        const conflicts = open.get(item.id) ?? 0;
        const note = [
          short > 0 ? `缺 ${short} 名专家` : '',
          conflicts ? `${conflicts} 项利益冲突待认定` : '',
        ]
          .filter(Boolean)
          .join(';');
        return { id: item.id, note };
      }),
    };
  }

  /** Undecided suggested conflicts of seated experts, per item (only items with one are read). */
  private async openConflicts(
    ids: string[],
    round: Map<string, number>,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    const seats = await this.repo.seatedExperts(new Map(ids.map((id) => [id, round.get(id)!])));
    if (!seats.length) return out;
    const itemIds = [...new Set(seats.map((s) => s.achievementId))];
    // The pool still reads through the handle it is given; a reader is the fork this used to be.
    const reader = this.transactions.reader();
    const members = new Map(
      (await this.pool.members(reader, [...new Set(seats.map((s) => s.expertId))])).map((m) => [
        m.user.id,
        m,
      ]),
    );
    const seatedOn = new Map<string, string[]>();
    for (const s of seats)
      seatedOn.set(s.achievementId, [...(seatedOn.get(s.achievementId) ?? []), s.expertId]);
    // Only what the conflict rules read, as plain rows: at 100,000 items a few thousand are in
    // scoring, and whole entities (then a scan of every seat per item) took over a second.
    const items = await this.repo.conflictParties(itemIds);
    const suspects = new Map<string, string[]>();
    const normalize = rememberingNormalizer();
    for (const item of items) {
      const parties = this.candidates.partiesOf(item);
      const flagged = (seatedOn.get(item.id) ?? []).filter((id) => {
        const member = members.get(id);
        return member && conflictsOf(member.identity, parties, normalize).length > 0;
      });
      if (flagged.length) suspects.set(item.id, flagged);
    }
    if (!suspects.size) return out;
    // The office's decisions on the suspect items; the latest per expert counts.
    const decided = await this.rows.decidedConflicts([...suspects.keys()]);
    for (const [id, flagged] of suspects) {
      const count = flagged.filter((expert) => !decided.get(id)?.has(expert)).length;
      if (count) out.set(id, count);
    }
    return out;
  }
}
