import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { createHash } from 'node:crypto';
import type {
  ActorRole,
  AchievementState,
  WorkflowActor,
} from '../../workflows/achievement.machine';
import type { EditionContext } from '../../workflows/edition.machine';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../achievements/achievement-category';
import { Achievement } from '../achievements/achievement.entity';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { SYSTEM_ACTOR, hasRole, toWorkflowActor, type AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  type FieldErrors,
} from '../common/domain-errors';
import { DecisionNotifier } from '../notifications/decision-notifier.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { LibraryEvaluation } from '../library/library-evaluation.entity';
import { SettingsService } from '../settings/settings.service';
import { WorkflowRunner, type TransitionResult } from '../workflow/workflow-runner.service';
import { editionWorkflow } from './edition-workflow.definition';
import type {
  CreateEditionDto,
  ListEditionsQuery,
  SetEditionItemsDto,
  UpdateEditionDto,
} from './dto/edition.dto';
import {
  EDITION_TITLES,
  editionCoverage,
  formatShanghaiDate,
  renderEditionDocx,
  renderEditionHtml,
  type EditionDocumentData,
  type EditionDocumentItem,
} from './edition-document';
import { periodOf, type EditionPeriod } from './release-calendar';
import { ReleaseEditionItem } from './release-edition-item.entity';
import { SecurityLogService } from '../security-log/security-log.service';
import { ReleaseEditionVote } from './release-edition-vote.entity';
import {
  ReleaseEdition,
  type EditionEventDetails,
  type EditionKind,
  type EditionState,
  type VotingState,
} from './release-edition.entity';
import {
  FEATURE_COOLDOWN_MONTHS,
  MONTHLY_PROPOSAL_SIZE,
  annualMerit,
  rankByScore,
  rankMonthlyCandidates,
  type RankingCandidate,
} from './release-ranking';

export const KIND_LABELS: Record<EditionKind, string> = {
  monthly: '月报',
  quarterly: '季度发布',
  annual: '年度榜单',
};
export const EDITION_STATE_LABELS: Record<EditionState, string> = {
  draft: '草稿',
  underReview: '审核中',
  issued: '已签发',
};

const LIBRARY_STATES: AchievementState[] = ['inLibrary', 'published'];
const QUARTERLY_PROPOSAL_SIZE = 20;
const ANNUAL_SHORTLIST_SIZE = 40;

export interface EditionItemView {
  achievementId: string;
  position: number;
  blurb: string;
  shortlisted: boolean;
  selected: boolean;
  title: string;
  organization: string;
  state: string;
  stateLabel: string;
  score: number | null;
  /** Expert votes (annual list), 0 elsewhere. */
  votes: number;
}

export interface EditionView {
  id: string;
  kind: EditionKind;
  kindLabel: string;
  number: string;
  year: number;
  sequence: number;
  periodStart: string;
  periodEnd: string;
  state: EditionState;
  stateLabel: string;
  issuedAt: string | null;
  issuedBy: string | null;
  /** Who submitted it for review (display name and id), while it is under review. */
  submittedBy: string | null;
  submittedById: string | null;
  correctsEditionId: string | null;
  distributionList: string[];
  eventDetails: EditionEventDetails | null;
  cycleKey: string | null;
  votingState: VotingState;
  createdAt: string;
  updatedAt: string;
  version: number;
  items: EditionItemView[];
  documents: { docx: string; html: string };
}

/** What anyone may see of an issued edition: public fields of its items, no scores or reviewers. */
export interface PublicEditionView {
  id: string;
  kind: EditionKind;
  kindLabel: string;
  title: string;
  number: string;
  year: number;
  sequence: number;
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  correctsEditionId: string | null;
  distributionList: string[];
  eventDetails: EditionEventDetails | null;
  items: PublicEditionItemView[];
  documents: { docx: string; html: string };
}

export interface PublicEditionItemView {
  rank: number;
  blurb: string;
  achievement: {
    id: string;
    title: string;
    summary: string;
    categoryLabel: string;
    domain: string;
    levelClaimLabel: string;
    city: string;
    organization: string;
    completingUnits: string[];
    completers: { name: string; unit: string }[];
  };
}

export interface RenderedDocument {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export type DocumentFormat = 'docx' | 'html';

const ITEM_POPULATE = [
  'achievement',
  'achievement.workflow',
  'achievement.ownerOrganization',
  'achievement.domain',
] as const;

/**
 * Release editions: drafting (by the cycles or the office), curation, review and issue. Issuing
 * publishes every selected item through the WorkflowRunner in the same transaction that marks the
 * edition issued and stores its rendered documents in the row, so an issued edition never changes.
 */
@Injectable()
export class ReleasesService implements OnModuleInit {
  private readonly logger = new Logger('Releases');

  constructor(
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly decisions: DecisionNotifier,
    private readonly settings: SettingsService,
    private readonly securityLog: SecurityLogService,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition(editionWorkflow.name, (em, result) => this.follow(em, result));
  }

  /**
   * The edition row's status columns are a read model of its machine, written here in the
   * transaction of every transition (see docs/adr): the lists, the public pages and the cycles
   * query them, and nothing else writes them.
   */
  private async follow(em: EntityManager, result: TransitionResult): Promise<void> {
    const context = result.snapshot.context as EditionContext;
    await em.nativeUpdate(
      ReleaseEdition,
      { id: result.id },
      {
        state: result.state as EditionState,
        submittedBy: context.submittedBy ? em.getReference(User, context.submittedBy) : null,
        issuedAt: context.issuedAt ? new Date(context.issuedAt) : null,
        issuedBy: context.issuedBy ? em.getReference(User, context.issuedBy) : null,
      },
    );
  }

  // ---- office ---------------------------------------------------------------------------------

  async list(user: AuthUser, query: ListEditionsQuery): Promise<EditionView[]> {
    await this.assertOffice(user);
    const em = this.em.fork();
    const editions = await em.find(
      ReleaseEdition,
      { ...(query.kind ? { kind: query.kind } : {}), ...(query.year ? { year: query.year } : {}) },
      { orderBy: { year: 'desc', kind: 'asc', sequence: 'desc', createdAt: 'desc' } },
    );
    const views: EditionView[] = [];
    // One at a time: an EntityManager (and a PostgreSQL connection) runs one query at a time.
    for (const edition of editions) views.push(await this.view(em, edition));
    return views;
  }

  async get(user: AuthUser, id: string): Promise<EditionView> {
    await this.assertOffice(user);
    const em = this.em.fork();
    return this.view(em, await this.load(em, id));
  }

  /** The office drafts an edition ahead of (or instead of) its cycle; the cycle then finds it. */
  async create(user: AuthUser, dto: CreateEditionDto): Promise<EditionView> {
    await this.assertOffice(user);
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
    return this.get(user, edition.id);
  }

  async update(user: AuthUser, id: string, dto: UpdateEditionDto): Promise<EditionView> {
    await this.assertOffice(user);
    await this.mutate(id, dto.expectedVersion, ['draft'], (_tx, edition) => {
      const changes: Partial<ReleaseEdition> = {};
      if (dto.distributionList !== undefined) {
        changes.distributionList = dto.distributionList.map((d) => d.trim());
      }
      if (dto.eventDetails !== undefined) {
        if (edition.kind !== 'quarterly') {
          throw InvalidInputError.field('eventDetails', '只有季度发布需要填写发布活动信息');
        }
        const d = dto.eventDetails;
        changes.eventDetails = {
          date: d.date?.trim() || null,
          venue: d.venue?.trim() || null,
          coHosts: d.coHosts ?? [],
          linkedActivities: d.linkedActivities ?? [],
          presenters: d.presenters ?? [],
        };
      }
      return Promise.resolve(changes);
    });
    return this.get(user, id);
  }

  /** Replaces the item list: adding, removing and reordering are one call with the whole list. */
  async setItems(user: AuthUser, id: string, dto: SetEditionItemsDto): Promise<EditionView> {
    await this.assertOffice(user);
    await this.mutate(id, dto.expectedVersion, ['draft'], async (tx, edition) => {
      const ids = dto.items.map((i) => i.achievementId);
      const found = new Map(
        (await tx.find(Achievement, { id: { $in: ids } }, { populate: ['workflow'] })).map((a) => [
          a.id,
          a,
        ]),
      );
      const previous = new Map(
        (await tx.find(ReleaseEditionItem, { edition: id })).map((i) => [i.achievement.id, i]),
      );
      const errors: FieldErrors = {};
      const seen = new Set<string>();
      dto.items.forEach((item, index) => {
        const field = `items.${index}.achievementId`;
        const achievement = found.get(item.achievementId);
        if (seen.has(item.achievementId)) errors[field] = ['同一成果在本期中重复出现'];
        else if (!achievement) errors[field] = ['成果不存在'];
        else if (!LIBRARY_STATES.includes(achievement.workflow.state as AchievementState)) {
          errors[field] = [
            `该成果不在成果库中(当前状态:${STATE_LABELS[achievement.workflow.state as AchievementState]}),不能编入刊期`,
          ];
        }
        seen.add(item.achievementId);
      });
      if (Object.keys(errors).length) throw new InvalidInputError(errors);
      await tx.nativeDelete(ReleaseEditionItem, { edition: id });
      dto.items.forEach((item, index) => {
        tx.create(ReleaseEditionItem, {
          edition,
          achievement: found.get(item.achievementId)!,
          position: index + 1,
          blurb: item.blurb?.trim() ?? previous.get(item.achievementId)?.blurb ?? '',
          shortlisted: previous.get(item.achievementId)?.shortlisted ?? false,
          selected: item.selected ?? true,
        });
      });
      await tx.flush();
      return {};
    });
    return this.get(user, id);
  }

  async submit(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.assertOffice(user);
    await this.mutate(id, expectedVersion, ['draft'], async (tx, edition) => {
      if (edition.votingState === 'open') {
        throw new ConflictError('专家投票尚未结束,请先结束投票再提交审核');
      }
      if (!(await tx.count(ReleaseEditionItem, { edition: id, selected: true }))) {
        throw new ConflictError('本期还没有入选成果,不能提交审核');
      }
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'SUBMIT_EDITION', actor: toWorkflowActor(user) },
        { em: tx },
      );
      return {};
    });
    return this.get(user, id);
  }

  async returnToDraft(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.assertOffice(user);
    await this.mutate(id, expectedVersion, ['underReview'], async (tx) => {
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'RETURN_EDITION', actor: toWorkflowActor(user) },
        { em: tx },
      );
      return {};
    });
    return this.get(user, id);
  }

  /**
   * Issues the edition: every selected item still in the library is published, and the edition
   * becomes issued with its documents stored, all in one transaction. If any item cannot be
   * published (revoked, suspended…), nothing is issued or published and the 409 names the item.
   * Four eyes (an admin setting, on by default): whoever submitted it for review may not issue it.
   */
  async issue(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.assertOffice(user);
    const actor = toWorkflowActor(user);
    const { fourEyes } = await this.settings.releasePolicy();
    await this.mutate(id, expectedVersion, ['underReview'], async (tx, edition) => {
      if (fourEyes && edition.submittedBy?.id === user.id) throw fourEyesRefusal();
      const items = await tx.find(
        ReleaseEditionItem,
        { edition: id, selected: true },
        { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
      );
      if (!items.length) throw new ConflictError('本期没有入选成果,不能签发');
      if (edition.kind === 'monthly' && !edition.distributionList?.length) {
        throw new ConflictError('月报签发前须填写报送范围');
      }
      for (const item of items) {
        const achievement = item.achievement;
        const state = achievement.workflow.state as AchievementState;
        if (state === 'published') continue;
        const refuse = (current: string) =>
          new ConflictError(
            `成果《${achievement.title}》当前状态为「${current}」,无法随本期发布;本期未签发`,
            { achievementId: achievement.id, state: current },
          );
        if (state !== 'inLibrary') throw refuse(STATE_LABELS[state] ?? state);
        try {
          await this.runner.send(
            achievementWorkflow,
            achievement.workflow.id,
            {
              type: 'PUBLISH',
              actor,
              comment: `随${KIND_LABELS[edition.kind]}${edition.number}发布`,
            },
            { em: tx },
          );
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // The runner re-read the item under its lock; it moved since it was read above.
          const now = err.details.state as AchievementState | undefined;
          throw refuse(now ? (STATE_LABELS[now] ?? now) : err.message);
        }
      }
      await this.decisions.featured(
        tx,
        { id: edition.id, name: `${edition.number}${KIND_LABELS[edition.kind]}` },
        items.map(({ achievement: a }) => ({
          id: a.id,
          title: a.title,
          ownerOrganizationId: a.ownerOrganization.id,
        })),
      );
      // The machine checks the four-eyes rule again, under the edition's lock, and its audit row
      // records the setting the issue was decided under. The documents carry the issue's own time.
      await this.runner.send(
        editionWorkflow,
        id,
        { type: 'ISSUE_EDITION', actor, payload: { fourEyes } },
        {
          em: tx,
          afterTransition: async (em, result) => {
            const issuedAt = new Date((result.snapshot.context as EditionContext).issuedAt!);
            const data = await this.documentData(em, edition, items, issuedAt);
            const docx = await renderEditionDocx(data);
            await em.nativeUpdate(
              ReleaseEdition,
              { id },
              { docx, docxSha256: sha256Of(docx), html: renderEditionHtml(data) },
            );
          },
        },
      );
      return {};
    });
    this.logger.log(`刊期 ${id} 已签发`);
    return this.get(user, id);
  }

  /** True when the four-eyes rule keeps this user from issuing the edition (they submitted it). */
  async issueBarredFor(user: AuthUser, edition: EditionView): Promise<boolean> {
    if (edition.state !== 'underReview' || edition.submittedById !== user.id) return false;
    return (await this.settings.releasePolicy()).fourEyes;
  }

  /** A correction is a new draft of the same number, pointing at the issued edition it corrects. */
  async correct(user: AuthUser, id: string): Promise<EditionView> {
    await this.assertOffice(user);
    const em = this.em.fork();
    const original = await this.load(em, id);
    if (original.state !== 'issued') throw new ConflictError('只有已签发的刊期才能更正');
    const now = this.clock.now();
    const correction = await em.transactional(async (tx) => {
      const created = tx.create(ReleaseEdition, {
        kind: original.kind,
        number: original.number,
        year: original.year,
        sequence: original.sequence,
        periodStart: original.periodStart,
        periodEnd: original.periodEnd,
        correctsEdition: original,
        state: 'draft',
        version: 1,
        votingState: 'none',
        distributionList: original.distributionList,
        eventDetails: original.eventDetails,
        createdAt: now,
        updatedAt: now,
      });
      this.runner.start(
        tx,
        editionWorkflow,
        created.id,
        { kind: created.kind, number: created.number, correctsEditionId: original.id },
        toWorkflowActor(user),
        'officeStaff',
      );
      for (const item of await tx.find(ReleaseEditionItem, { edition: id })) {
        tx.create(ReleaseEditionItem, {
          edition: created,
          achievement: item.achievement,
          position: item.position,
          blurb: item.blurb,
          shortlisted: item.shortlisted,
          selected: item.selected,
        });
      }
      await tx.flush();
      return created;
    });
    return this.get(user, correction.id);
  }

  /** Office copy: an issued edition's stored file, a draft's current rendering. */
  /**
   * The edition's document; `download` (the caller's address) marks a download, which before
   * the edition is issued is unpublished data and goes to the security log.
   */
  async document(
    user: AuthUser,
    id: string,
    format: DocumentFormat,
    download?: { clientIp: string | null },
  ): Promise<RenderedDocument> {
    await this.assertOffice(user);
    const em = this.em.fork();
    const edition = await this.load(em, id);
    if (edition.state === 'issued') return this.stored(edition, format);
    if (download) {
      await this.securityLog.record({
        kind: 'fileDownloaded',
        actorId: user.id,
        clientIp: download.clientIp,
        detail: { editionId: id, format, fileName: `edition.${format}` },
      });
    }
    const items = await em.find(
      ReleaseEditionItem,
      { edition: id, selected: true },
      { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
    );
    const data = await this.documentData(em, edition, items, this.clock.now());
    const bytes =
      format === 'docx'
        ? await renderEditionDocx(data)
        : Buffer.from(renderEditionHtml(data), 'utf8');
    return this.asDocument(edition, format, bytes);
  }

  // ---- public ---------------------------------------------------------------------------------

  async publicList(): Promise<PublicEditionView[]> {
    const em = this.em.fork();
    const editions = await em.find(
      ReleaseEdition,
      { state: 'issued' },
      { orderBy: { issuedAt: 'desc', id: 'asc' } },
    );
    const views: PublicEditionView[] = [];
    for (const edition of editions) views.push(await this.publicView(em, edition));
    return views;
  }

  async publicGet(id: string): Promise<PublicEditionView> {
    const em = this.em.fork();
    return this.publicView(em, await this.loadIssued(em, id));
  }

  async publicDocument(id: string, format: DocumentFormat): Promise<RenderedDocument> {
    return this.stored(await this.loadIssued(this.em.fork(), id), format);
  }

  // ---- drafting (cycles and office) -----------------------------------------------------------

  /**
   * Drafts the edition of a period with the cycle's proposal and tells the office. Idempotent:
   * the unique cycle key lets only one draft exist, whoever tries (a rerun, another instance).
   */
  async draft(
    period: EditionPeriod,
    by: { actor: WorkflowActor; role: ActorRole } = { actor: SYSTEM_ACTOR, role: 'system' },
  ): Promise<{ edition: ReleaseEdition; created: boolean }> {
    const existing = await this.em.fork().findOne(ReleaseEdition, { cycleKey: period.cycleKey });
    if (existing) return { edition: existing, created: false };
    const now = this.clock.now();
    const proposal = await this.propose(period, now);
    try {
      const edition = await this.em.fork().transactional(async (tx) => {
        const created = tx.create(ReleaseEdition, {
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
        });
        this.runner.start(
          tx,
          editionWorkflow,
          created.id,
          { kind: created.kind, number: created.number, correctsEditionId: null },
          by.actor,
          by.role,
        );
        proposal.forEach((candidate, index) => {
          tx.create(ReleaseEditionItem, {
            edition: created,
            achievement: tx.getReference(Achievement, candidate.id),
            position: index + 1,
            blurb: '',
            shortlisted: period.kind === 'annual',
            // The annual shortlist is a proposal; the office picks the list from it.
            selected: period.kind !== 'annual',
          });
        });
        await tx.flush();
        await this.notifications.notify(tx, {
          recipients: await this.notifications.recipientsWithRole(tx, null, 'officeStaff'),
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
      const winner = await this.em.fork().findOne(ReleaseEdition, { cycleKey: period.cycleKey });
      if (!winner) throw err;
      return { edition: winner, created: false };
    }
  }

  /** The cycle's proposal for a period, from the library (see the ranking functions). */
  private async propose(period: EditionPeriod, now: Date): Promise<RankingCandidate[]> {
    const em = this.em.fork();
    if (period.kind === 'monthly') {
      const since = new Date(now);
      since.setUTCMonth(since.getUTCMonth() - FEATURE_COOLDOWN_MONTHS);
      const featured = await em.find(
        ReleaseEditionItem,
        { selected: true, edition: { state: 'issued', issuedAt: { $gte: since } } },
        { populate: ['edition'] },
      );
      const lastFeaturedAt = new Map<string, Date>();
      for (const f of featured) {
        const at = f.edition.issuedAt!;
        const known = lastFeaturedAt.get(f.achievement.id);
        if (!known || known < at) lastFeaturedAt.set(f.achievement.id, at);
      }
      // Only featured items can be left out, so the top of the SQL order, as many more as there
      // are featured items, holds the whole proposal.
      const top = await this.libraryCandidates(em, {
        limit: MONTHLY_PROPOSAL_SIZE + lastFeaturedAt.size,
      });
      return rankMonthlyCandidates(top, lastFeaturedAt);
    }
    const inPeriod = await this.libraryCandidates(em, {
      enteredFrom: period.periodStart,
      enteredBefore: period.periodEnd,
    });
    if (period.kind === 'quarterly') return rankByScore(inPeriod, QUARTERLY_PROPOSAL_SIZE);
    // The annual list weighs what the tracking evaluations found since the panel scored.
    const ratings = new Map<string, string[]>();
    // In chunks: a year's library can outgrow SQLite's limit on bound parameters.
    for (let i = 0; i < inPeriod.length; i += 500) {
      const evaluations = await em.find(
        LibraryEvaluation,
        { achievement: { $in: inPeriod.slice(i, i + 500).map((c) => c.id) } },
        { fields: ['achievement', 'rating'] },
      );
      for (const e of evaluations) {
        ratings.set(e.achievement.id, [...(ratings.get(e.achievement.id) ?? []), e.rating]);
      }
    }
    return rankByScore(
      inPeriod.map((c) => ({ ...c, score: annualMerit(c.score, ratings.get(c.id) ?? []) })),
      ANNUAL_SHORTLIST_SIZE,
    );
  }

  /**
   * Items in the library (in it or published) with their score, entry time and progress time,
   * from the library's own entry rows as plain columns. With `limit`, the first of them in the
   * monthly order (newest progress, higher score, id: rankMonthlyCandidates's), ranked by the
   * database: hydrating every entry to rank in Node took 10 s at 100,000 items.
   */
  private async libraryCandidates(
    em: EntityManager,
    options: { limit?: number; enteredFrom?: Date; enteredBefore?: Date },
  ): Promise<RankingCandidate[]> {
    const sql = em as SqlEntityManager;
    const knex = sql.getKnex();
    // The expression of library_entry_progress_index (Migration20261126060000LibraryProgressIndex).
    const progressAt =
      'case when e.latest_progress_at > e.entered_at then e.latest_progress_at else e.entered_at end';
    const progress = knex.raw(progressAt);
    const query = knex('library_entry as e')
      .crossJoin(knex.raw('achievement as a'))
      .crossJoin(knex.raw('workflow_instance as w'))
      .whereRaw('a.id = e.achievement_id and w.id = a.workflow_id')
      .whereIn('w.state', LIBRARY_STATES)
      .select({
        id: 'e.achievement_id',
        enteredAt: 'e.entered_at',
        progressAt: progress,
        score: 'e.score',
      });
    // As the column stores it: epoch milliseconds on SQLite, a timestamp on PostgreSQL.
    const stored = (at: Date) => sql.getPlatform().processDateProperty(at) as never;
    if (options.enteredFrom) query.where('e.entered_at', '>=', stored(options.enteredFrom));
    if (options.enteredBefore) query.where('e.entered_at', '<', stored(options.enteredBefore));
    if (options.limit !== undefined) {
      // Raw: knex spells `nulls: 'last'` on SQLite as `(score is null)`, which drops the score
      // order and no longer matches the index. Both databases take NULLS LAST as written.
      query
        .orderByRaw(`${progressAt} desc, e.score desc nulls last, e.achievement_id asc`)
        .limit(options.limit);
    }
    const rows =
      await sql.execute<
        { id: string; enteredAt: Date | number; progressAt: Date | number; score: number | null }[]
      >(query);
    // SQLite hands datetimes back as epoch milliseconds, PostgreSQL as Dates.
    return rows.map((r) => ({
      id: r.id,
      enteredAt: new Date(r.enteredAt),
      progressAt: new Date(r.progressAt),
      score: r.score === null ? null : Number(r.score),
    }));
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Office work is for the provincial office: the role, held by a user of a provincial department. */
  async assertOffice(user: AuthUser): Promise<void> {
    if (!hasRole(user, 'officeStaff'))
      throw new ForbiddenError('只有省科技厅成果处可以管理发布刊期');
    const org = await this.em.fork().findOne(Organization, user.organizationId);
    if (org?.type !== 'provincialDepartment') {
      throw new ForbiddenError('只有省级主管部门的工作人员可以管理发布刊期');
    }
  }

  /**
   * One edit of an edition: in a transaction, checks the state and version, moves the version on
   * with an UPDATE conditional on it (so of two concurrent editors one gets 409, and on PostgreSQL
   * the row stays locked until commit), then applies the work and its changes.
   */
  async mutate(
    id: string,
    expectedVersion: number,
    allowed: EditionState[],
    work: (tx: EntityManager, edition: ReleaseEdition) => Promise<Partial<ReleaseEdition>>,
  ): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      const edition = await this.load(tx, id);
      if (edition.state === 'issued') {
        throw new ConflictError('该刊期已签发,不能再修改;如需更正,请新建更正刊期', {
          state: edition.state,
        });
      }
      if (!allowed.includes(edition.state)) {
        throw new ConflictError(
          `刊期当前为「${EDITION_STATE_LABELS[edition.state]}」,不能执行该操作`,
          { state: edition.state },
        );
      }
      const stale = () =>
        new ConflictError('该刊期已被他人修改,请刷新后重试', {
          currentVersion: edition.version,
        });
      if (edition.version !== expectedVersion) throw stale();
      const now = this.clock.now();
      const claimed = await tx.nativeUpdate(
        ReleaseEdition,
        { id, version: expectedVersion },
        { version: expectedVersion + 1, updatedAt: now },
      );
      if (claimed !== 1) throw stale();
      const changes = await work(tx, edition);
      if (Object.keys(changes).length) await tx.nativeUpdate(ReleaseEdition, { id }, changes);
    });
  }

  async load(em: EntityManager, id: string): Promise<ReleaseEdition> {
    const edition = await em.findOne(ReleaseEdition, id);
    if (!edition) throw new NotFoundError('刊期不存在', { id });
    return edition;
  }

  private async loadIssued(em: EntityManager, id: string): Promise<ReleaseEdition> {
    const edition = await em.findOne(ReleaseEdition, { id, state: 'issued' });
    if (!edition) throw new NotFoundError('刊期不存在或尚未签发', { id });
    return edition;
  }

  private async stored(edition: ReleaseEdition, format: DocumentFormat): Promise<RenderedDocument> {
    const em = this.em.fork();
    const row = await em.findOneOrFail(ReleaseEdition, edition.id, { populate: [format] });
    const bytes = format === 'docx' ? row.docx : row.html === null ? null : Buffer.from(row.html);
    if (!bytes) throw new NotFoundError('该刊期没有已存档的文档', { id: edition.id });
    return this.asDocument(edition, format, bytes);
  }

  private asDocument(
    edition: ReleaseEdition,
    format: DocumentFormat,
    bytes: Buffer,
  ): RenderedDocument {
    return {
      bytes,
      contentType:
        format === 'docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : 'text/html; charset=utf-8',
      fileName: `${EDITION_TITLES[edition.kind]}-${edition.number}.${format}`,
    };
  }

  private async documentData(
    em: EntityManager,
    edition: ReleaseEdition,
    items: ReleaseEditionItem[],
    at: Date,
  ): Promise<EditionDocumentData> {
    const corrected = edition.correctsEdition
      ? await em.findOne(ReleaseEdition, edition.correctsEdition.id)
      : null;
    return {
      kind: edition.kind,
      number: edition.number,
      dateLabel: formatShanghaiDate(at),
      coverage: editionCoverage(edition.kind, edition.periodStart, edition.periodEnd),
      correctsNumber: corrected ? corrected.number : null,
      distributionList: edition.distributionList ?? [],
      eventDetails: edition.eventDetails,
      items: items.map((item, index) => documentItem(item, index + 1)),
    };
  }

  private async view(em: EntityManager, edition: ReleaseEdition): Promise<EditionView> {
    const items = await em.find(
      ReleaseEditionItem,
      { edition: edition.id },
      { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
    );
    const issuedBy = edition.issuedBy ? await em.findOne(User, edition.issuedBy.id) : null;
    const submittedBy = edition.submittedBy ? await em.findOne(User, edition.submittedBy.id) : null;
    const votes = new Map<string, number>();
    for (const vote of await em.find(ReleaseEditionVote, { edition: edition.id })) {
      votes.set(vote.achievement.id, (votes.get(vote.achievement.id) ?? 0) + 1);
    }
    return {
      id: edition.id,
      kind: edition.kind,
      kindLabel: KIND_LABELS[edition.kind],
      number: edition.number,
      year: edition.year,
      sequence: edition.sequence,
      periodStart: edition.periodStart.toISOString(),
      periodEnd: edition.periodEnd.toISOString(),
      state: edition.state,
      stateLabel: EDITION_STATE_LABELS[edition.state],
      issuedAt: edition.issuedAt?.toISOString() ?? null,
      issuedBy: issuedBy?.displayName ?? null,
      submittedBy: submittedBy?.displayName ?? null,
      submittedById: edition.submittedBy?.id ?? null,
      correctsEditionId: edition.correctsEdition?.id ?? null,
      distributionList: edition.distributionList ?? [],
      eventDetails: edition.eventDetails,
      cycleKey: edition.cycleKey,
      votingState: edition.votingState,
      createdAt: edition.createdAt.toISOString(),
      updatedAt: edition.updatedAt.toISOString(),
      version: edition.version,
      items: items.map((item) => {
        const state = item.achievement.workflow.state as AchievementState;
        return {
          achievementId: item.achievement.id,
          position: item.position,
          blurb: item.blurb,
          shortlisted: item.shortlisted,
          selected: item.selected,
          title: item.achievement.title,
          organization: item.achievement.ownerOrganization.name,
          state,
          stateLabel: STATE_LABELS[state],
          score: scoreOf(item.achievement),
          votes: votes.get(item.achievement.id) ?? 0,
        };
      }),
      documents: {
        docx: `/api/editions/${edition.id}/document.docx`,
        html: `/api/editions/${edition.id}/document.html`,
      },
    };
  }

  private async publicView(em: EntityManager, edition: ReleaseEdition): Promise<PublicEditionView> {
    const items = await em.find(
      ReleaseEditionItem,
      { edition: edition.id, selected: true },
      { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
    );
    return {
      id: edition.id,
      kind: edition.kind,
      kindLabel: KIND_LABELS[edition.kind],
      title: EDITION_TITLES[edition.kind],
      number: edition.number,
      year: edition.year,
      sequence: edition.sequence,
      periodStart: edition.periodStart.toISOString(),
      periodEnd: edition.periodEnd.toISOString(),
      issuedAt: edition.issuedAt!.toISOString(),
      correctsEditionId: edition.correctsEdition?.id ?? null,
      distributionList: edition.distributionList ?? [],
      eventDetails: edition.eventDetails,
      items: items.map((item, index) => {
        const a = item.achievement;
        return {
          rank: index + 1,
          blurb: item.blurb,
          achievement: {
            id: a.id,
            title: a.title,
            summary: a.summary,
            categoryLabel: CATEGORY_LABELS[a.category],
            domain: a.domain.name,
            levelClaimLabel: LEVEL_CLAIM_LABELS[a.levelClaim],
            city: a.ownerOrganization.city,
            organization: a.ownerOrganization.name,
            completingUnits: a.completingUnits.map((u) => u.name),
            completers: a.completers.map((c) => ({ name: c.name, unit: c.unit })),
          },
        };
      }),
      documents: {
        docx: `/api/public/editions/${edition.id}/document.docx`,
        html: `/api/public/editions/${edition.id}/document.html`,
      },
    };
  }
}

/** The four-eyes rule's refusal, worded for the person who pressed 签发. */
export function fourEyesRefusal(): ForbiddenError {
  return new ForbiddenError(
    '本期由您提交审核,按“四眼原则”须由另一位成果处工作人员签发;如需修改,可退回草稿',
    { rule: 'fourEyes' },
  );
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function scoreOf(item: Achievement): number | null {
  const context = item.workflow.snapshot.context as { aggregate?: number | null } | undefined;
  return typeof context?.aggregate === 'number' ? context.aggregate : null;
}

function documentItem(item: ReleaseEditionItem, rank: number): EditionDocumentItem {
  const a = item.achievement;
  const significance = [
    `达到${LEVEL_CLAIM_LABELS[a.levelClaim]}水平`,
    ...(a.breaksMonopoly ? ['打破国外垄断'] : []),
    ...(a.fillsGap ? ['填补国内空白'] : []),
    ...(a.evidence.replaces ? [`可替代${a.evidence.replaces}`] : []),
  ].join(';');
  return {
    rank,
    title: a.title,
    units: a.completingUnits.map((u) => u.name),
    completers: a.completers.map((c) => `${c.name}(${c.unit})`),
    domain: a.domain.name,
    category: CATEGORY_LABELS[a.category],
    achieved: a.summary,
    significance,
    latestProgress: a.evidence.industrialization ?? a.evidence.usage ?? null,
    blurb: item.blurb,
  };
}
