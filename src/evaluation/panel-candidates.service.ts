import { Injectable } from '@nestjs/common';
import type { Achievement } from '../achievements/achievement.entity';
import type { Tx } from '../database/tx';
import { CreditService } from '../experts/credit.service';
import { ExpertPoolService, type PoolMember } from '../experts/expert-pool.service';
import { solvePanels, type SolverResult } from './assignment/panel-solver';
import type { ConflictDecision } from './conflict-decision.entity';
import { conflictsOf, type Conflict, type ItemParties } from './conflicts/conflict-rules';
import { panelSizeFor, type EvaluationSettings } from './evaluation-settings';
import { PanelRepository } from './panel.repository';

export interface ExpertConflicts {
  expertId: string;
  /** What the rules suggest. */
  suggested: Conflict[];
  /** The office's latest word, if any. */
  decision: 'falsePositive' | 'confirmed' | null;
  /** Whether the expert is kept off the panel. */
  excluded: boolean;
}

export interface PanelRequest {
  item: Achievement;
  /** Experts already on the panel, who stay. */
  current: string[];
  /** Experts who must not be added (e.g. the one recusing). */
  alsoExclude?: string[];
  /** The panel size to reach; defaults to the domain's size. */
  size?: number;
}

/** Conflicts, loads and credit of the pool, and the batch solver over them. */
@Injectable()
export class PanelCandidatesService {
  constructor(
    private readonly pool: ExpertPoolService,
    private readonly credit: CreditService,
    private readonly repository: PanelRepository,
  ) {}

  partiesOf(
    item: Pick<Achievement, 'completingUnits' | 'completers'> & {
      ownerOrganization: { id: string; name: string };
    },
  ): ItemParties {
    return {
      submittingUnit: { id: item.ownerOrganization.id, name: item.ownerOrganization.name },
      completingUnits: item.completingUnits ?? [],
      completers: item.completers ?? [],
    };
  }

  /** Each pool member's conflicts with the item, with the office's decisions applied. */
  async conflicts(tx: Tx, item: Achievement, members?: PoolMember[]) {
    const pool = members ?? (await this.pool.members(tx));
    const decisions = await this.repository.conflictDecisions(tx, [item.id]);
    const latest = new Map(decisions.map((d) => [d.expertId, d.decision]));
    const parties = this.partiesOf(item);
    return pool.map((m): ExpertConflicts => {
      const suggested = conflictsOf(m.identity, parties);
      const decision = latest.get(m.user.id) ?? null;
      const excluded =
        decision === 'confirmed' || (suggested.length > 0 && decision !== 'falsePositive');
      return { expertId: m.user.id, suggested, decision, excluded };
    });
  }

  /**
   * The same for several items with one read of the pool and one of the decisions: the rows a
   * page of panels shows (those with a suggestion or a decision), by item id.
   */
  async conflictsOfMany(
    tx: Tx,
    items: readonly Achievement[],
  ): Promise<Map<string, ExpertConflicts[]>> {
    const out = new Map<string, ExpertConflicts[]>();
    if (!items.length) return out;
    const pool = await this.pool.members(tx);
    const decisions = await this.repository.conflictDecisions(
      tx,
      items.map((i) => i.id),
    );
    const latest = new Map<string, Map<string, ConflictDecision['decision']>>();
    for (const d of decisions) {
      const byExpert = latest.get(d.itemId) ?? new Map<string, ConflictDecision['decision']>();
      byExpert.set(d.expertId, d.decision);
      latest.set(d.itemId, byExpert);
    }
    for (const item of items) {
      const parties = this.partiesOf(item);
      const decided = latest.get(item.id);
      const rows: ExpertConflicts[] = [];
      for (const m of pool) {
        const suggested = conflictsOf(m.identity, parties);
        const decision = decided?.get(m.user.id) ?? null;
        if (!suggested.length && !decision) continue;
        const excluded =
          decision === 'confirmed' || (suggested.length > 0 && decision !== 'falsePositive');
        rows.push({ expertId: m.user.id, suggested, decision, excluded });
      }
      out.set(item.id, rows);
    }
    return out;
  }

  /** Those of `ids` whose credit is below the floor: never seated, not even by the office. */
  async belowFloor(
    tx: Tx,
    ids: readonly string[],
    settings: EvaluationSettings,
  ): Promise<string[]> {
    const credits = await this.credit.scores(tx, ids, settings.credit);
    return ids.filter((id) => (credits.get(id) ?? 0) < settings.creditFloor);
  }

  /**
   * Proposes additions to the panels of several items at once. Excluded: conflicts (unless cleared
   * as false positives), experts who already left this item's panel (recused, lapsed, removed),
   * unavailable experts, and (in the solver) anyone below the credit floor.
   */
  async propose(
    tx: Tx,
    requests: PanelRequest[],
    settings: EvaluationSettings,
  ): Promise<SolverResult & { conflicts: Record<string, ExpertConflicts[]> }> {
    const members = await this.pool.members(tx);
    const available = members.filter((m) => m.available);
    const ids = available.map((m) => m.user.id);
    const credits = await this.credit.scores(tx, ids, settings.credit);
    const load = await this.repository.openLoads(tx, ids);
    const itemIds = requests.map((r) => r.item.id);
    const past = await this.repository.departed(tx, itemIds);
    const conflicts: Record<string, ExpertConflicts[]> = {};
    const items = [];
    for (const r of requests) {
      const list = await this.conflicts(tx, r.item, members);
      conflicts[r.item.id] = list.filter((c) => c.suggested.length > 0 || c.decision);
      const excluded = new Set([
        ...list.filter((c) => c.excluded).map((c) => c.expertId),
        ...past.filter((p) => p.itemId === r.item.id).map((p) => p.expertId),
        ...(r.alsoExclude ?? []),
      ]);
      items.push({
        id: r.item.id,
        domain: r.item.domain.key,
        panelSize: r.size ?? panelSizeFor(settings, r.item.domain.key),
        current: r.current,
        excluded,
      });
    }
    const experts = available.map((m) => ({
      id: m.user.id,
      domains: m.domains,
      credit: credits.get(m.user.id) ?? 0,
      load: load.get(m.user.id) ?? 0,
    }));
    return { ...solvePanels(items, experts, settings.creditFloor), conflicts };
  }
}
