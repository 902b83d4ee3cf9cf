import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { ActorRole, WorkflowActor } from '../../workflows/achievement.machine';
import { SYSTEM_ACTOR, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { NotificationsService } from '../notifications/notifications.service';
import { Transactions } from '../database/tx';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { CreateEditionDto } from './dto/edition.dto';
import { EDITION_TITLES } from './edition-document';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { KIND_LABELS, type EditionView } from './edition-views';
import { editionWorkflow } from './edition-workflow.definition';
import { periodOf, type EditionPeriod } from './release-calendar';
import type { ReleaseEdition } from './release-edition.entity';
import {
  FEATURE_COOLDOWN_MONTHS,
  MONTHLY_PROPOSAL_SIZE,
  annualMerit,
  rankByScore,
  rankMonthlyCandidates,
  type RankingCandidate,
} from './release-ranking';
import { ProposalRepository } from './proposal.repository';
import { ReleasesRepository } from './releases.repository';

const QUARTERLY_PROPOSAL_SIZE = 20;
const ANNUAL_SHORTLIST_SIZE = 40;

/** Drafting editions: by the cycles (with the library's proposal) or ahead of them by the office. */
@Injectable()
export class EditionDrafting {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly proposals: ProposalRepository,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly transactions: Transactions,
  ) {}

  /** The office drafts an edition ahead of (or instead of) its cycle; the cycle then finds it. */
  async create(user: AuthUser, dto: CreateEditionDto): Promise<EditionView> {
    await this.editor.assertOffice(user);
    const period = periodOf(dto.kind, dto.period);
    if (!period) {
      throw InvalidInputError.field('period', '期别格式与刊物类型不符');
    }
    const { edition, created } = await this.draft(period, {
      actor: toWorkflowActor(user),
      role: 'officeStaff',
    });
    if (!created) {
      throw new ConflictError(`${period.number}${KIND_LABELS[period.kind]}已存在`, {
        editionId: edition.id,
      });
    }
    return this.queries.get(user, edition.id);
  }

  /**
   * Drafts the edition of a period with the cycle's proposal and tells the office. Idempotent:
   * the unique cycle key lets only one draft exist, whoever tries (a rerun, another instance).
   * The edition's workflow instance starts in the same transaction.
   */
  async draft(
    period: EditionPeriod,
    by: { actor: WorkflowActor; role: ActorRole } = { actor: SYSTEM_ACTOR, role: 'system' },
  ): Promise<{ edition: ReleaseEdition; created: boolean }> {
    const existing = await this.editions.findByCycleKey(period.cycleKey);
    if (existing) return { edition: existing, created: false };
    const now = this.clock.now();
    const proposal = await this.propose(period, now);
    try {
      const edition = await this.transactions.run(async (tx) => {
        const created = this.editions.createEdition(
          tx,
          {
            kind: period.kind,
            number: period.number,
            year: period.year,
            sequence: period.sequence,
            periodStart: period.periodStart,
            periodEnd: period.periodEnd,
            cycleKey: period.cycleKey,
            state: 'draft',
            version: 1,
            votingState: 'none',
            distributionList: period.kind === 'monthly' ? [] : null,
            eventDetails:
              period.kind === 'quarterly'
                ? { date: null, venue: null, coHosts: [], linkedActivities: [], presenters: [] }
                : null,
            createdAt: now,
            updatedAt: now,
          },
          proposal.map((candidate, index) => ({
            achievementId: candidate.id,
            position: index + 1,
            blurb: '',
            shortlisted: period.kind === 'annual',
            // The annual shortlist is a proposal; the office picks the list from it.
            selected: period.kind !== 'annual',
          })),
        );
        this.runner.start(
          tx,
          editionWorkflow,
          created.id,
          { kind: created.kind, number: created.number, correctsEditionId: null },
          by.actor,
          by.role,
        );
        await this.editions.flush(tx);
        // The notifications still take the transaction's EntityManager (their move is separate).
        const notifyTx = tx;
        await this.notifications.notify(notifyTx, {
          recipients: await this.notifications.recipientsWithRole(notifyTx, null, 'officeStaff'),
          kind: 'release.draft',
          subject: `【待编辑】${period.number}${KIND_LABELS[period.kind]}草稿已生成`,
          body:
            period.kind === 'annual'
              ? `${period.number}${EDITION_TITLES.annual}已按评分生成 ${proposal.length} 项候选,请遴选入榜成果后提交审核。`
              : `${period.number}${EDITION_TITLES[period.kind]}草稿已生成,系统推荐 ${proposal.length} 项成果,请审阅、编写推荐语后提交审核。`,
          link: `/api/editions/${created.id}`,
          dedupeKey: `release.draft:${period.cycleKey}`,
        });
        return created;
      });
      return { edition, created: true };
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const winner = await this.editions.findByCycleKey(period.cycleKey);
      if (!winner) throw err;
      return { edition: winner, created: false };
    }
  }

  /** The cycle's proposal for a period, from the library (see the ranking functions). */
  private async propose(period: EditionPeriod, now: Date): Promise<RankingCandidate[]> {
    if (period.kind === 'monthly') {
      const since = new Date(now);
      since.setUTCMonth(since.getUTCMonth() - FEATURE_COOLDOWN_MONTHS);
      const lastFeaturedAt = await this.proposals.lastFeatured(since);
      // Only featured items can be left out, so the top of the SQL order, as many more as there
      // are featured items, holds the whole proposal.
      const top = await this.proposals.libraryCandidates({
        limit: MONTHLY_PROPOSAL_SIZE + lastFeaturedAt.size,
      });
      return rankMonthlyCandidates(top, lastFeaturedAt);
    }
    const inPeriod = await this.proposals.libraryCandidates({
      enteredFrom: period.periodStart,
      enteredBefore: period.periodEnd,
    });
    if (period.kind === 'quarterly') return rankByScore(inPeriod, QUARTERLY_PROPOSAL_SIZE);
    // The annual list weighs what the tracking evaluations found since the panel scored.
    const ratings = await this.proposals.ratings(inPeriod.map((c) => c.id));
    return rankByScore(
      inPeriod.map((c) => ({ ...c, score: annualMerit(c.score, ratings.get(c.id) ?? []) })),
      ANNUAL_SHORTLIST_SIZE,
    );
  }
}
