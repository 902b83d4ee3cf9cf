import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { criterionCommentProblems, scoreSheetProblems } from '../../workflows/achievement-scoring';
import {
  EVENTS_REQUIRING_COMMENT,
  type AchievementEventType,
  type AchievementState,
} from '../../workflows/achievement.machine';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { validateAs } from '../common/validation';
import { isPostgres } from '../database/dialect';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReferenceService } from '../reference/reference.service';
import { User } from '../users/user.entity';
import { AuditService, type AuditView } from '../workflow/audit.service';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { canSeeAllScores, canView, visibilityFilter } from './achievement-access';
import { achievementFilters, pageAchievements } from './achievement-query';
import { achievementWorkflow } from './achievement-workflow.definition';
import { Achievement } from './achievement.entity';
import {
  contextOf,
  toSummaryView,
  toView,
  type AchievementSummaryView,
  type AchievementView,
} from './achievement.view';
import { AchievementRecordDto } from './dto/achievement-record.dto';
import type { ListAchievementsQuery } from './dto/list-achievements.query';
import { ScoreDataDto } from './dto/score-data.dto';
import { explainStale } from './stale-conflict';
import type { SendEventDto } from './dto/send-event.dto';
import type { UpdateAchievementDto } from './dto/update-achievement.dto';

const EDITABLE_STATES: readonly AchievementState[] = ['draft', 'returned'];
/** Events whose `data` the host reads; any other event refuses data. */
const EVENTS_WITH_DATA: readonly AchievementEventType[] = [
  'SUBMIT_SCORE',
  'REVISE_SCORE',
  'ASSIGN_PANEL',
  'DECIDE_CONSENSUS',
  'OPEN_SECOND_ROUND',
];
/** Audit rows that name experts or carry panel data; outsiders see them without either. */
const EXPERT_IDENTITY_EVENTS = [
  'PASS_ELIGIBILITY',
  'ASSIGN_PANEL',
  'RECUSE',
  'OPEN_SECOND_ROUND',
  'CONFLICT_CLEARED',
  'CONFLICT_CONFIRMED',
];
/** Audit rows that carry one expert's sheet: only its author and the office read them. */
const SHEET_EVENTS = ['SUBMIT_SCORE', 'REVISE_SCORE'];
const POPULATE = [
  'workflow',
  'ownerOrganization',
  'recommenderOrganization',
  'domain',
  'createdBy',
] as const;

/**
 * Host data a feature module adds to an event it owns (the collection period on RECOMMEND, the
 * panel on the evaluation's events, the verification report on CONFIRM_VERIFICATION), without
 * this module depending on the feature: the owner registers it (providePayload) when its module
 * starts. The item comes with its workflow row loaded; other relations are references (ids only).
 * `data` is the event's own data, already refused for events outside EVENTS_WITH_DATA. It may
 * refuse the event with a domain error; what it returns is merged into the event and recorded in
 * its audit row.
 */
export type EventPayloadProvider = (
  user: AuthUser,
  item: Achievement,
  comment: string | undefined,
  data: Record<string, unknown> | undefined,
) => Promise<Record<string, unknown>>;

/**
 * The seats an expert holds or held on panels, owned by the evaluation (which registers it with
 * provideSeats): an expert keeps read access to what they scored or were asked to score.
 */
export interface ExpertSeats {
  /** The items the expert holds or held a seat on, in any round and however the seat ended. */
  itemsOf(expertId: string): Promise<string[]>;
  holds(expertId: string, itemId: string): Promise<boolean>;
}

export interface TransitionView {
  id: string;
  state: string;
  version: number;
  allowedEvents: string[];
}

@Injectable()
export class AchievementsService {
  private readonly payloadProviders = new Map<AchievementEventType, EventPayloadProvider>();
  private seats: ExpertSeats | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers the provider of host data for one event type. The scores are this module's own
   * (SUBMIT_SCORE, REVISE_SCORE) and take none.
   */
  providePayload(type: AchievementEventType, provider: EventPayloadProvider): void {
    if (SHEET_EVENTS.includes(type) || this.payloadProviders.has(type)) {
      throw new Error(`event ${type} already has a payload provider`);
    }
    this.payloadProviders.set(type, provider);
  }

  /** Registers the evaluation's expert seats, which widen what an expert may see. */
  provideSeats(seats: ExpertSeats): void {
    if (this.seats) throw new Error('expert seats already provided');
    this.seats = seats;
  }

  private expertSeats(): ExpertSeats {
    if (!this.seats) throw new Error('no module provided the expert seats');
    return this.seats;
  }

  async create(user: AuthUser, dto: AchievementRecordDto): Promise<TransitionView> {
    if (!hasRole(user, 'submitter')) throw new ForbiddenError('只有成果申报人可以创建成果');
    const domain = await this.requireDomain(dto.domain);
    const id = randomUUID();
    await this.em.fork().transactional(async (em) => {
      const owner = await em.findOneOrFail(Organization, user.organizationId);
      const chain = await this.organizations.reportingChain(owner);
      const recommender = em.getReference(Organization, chain[chain.length - 1]);
      const now = this.clock.now();
      const workflow = this.runner.start(
        em,
        achievementWorkflow,
        id,
        { ownerOrganizationId: owner.id, recommendationChain: chain },
        toWorkflowActor(user),
        'submitter',
      );
      em.create(Achievement, {
        id,
        workflow,
        ownerOrganization: owner,
        recommenderOrganization: recommender,
        createdBy: em.getReference(User, user.id),
        ...this.recordFields(dto),
        domain,
        createdAt: now,
        updatedAt: now,
      });
    });
    return { id, state: 'draft', version: 1, allowedEvents: await this.allowedEventsFor(user, id) };
  }

  async update(user: AuthUser, id: string, patch: UpdateAchievementDto): Promise<AchievementView> {
    await this.em.fork().transactional(async (em) => {
      const item = await this.load(em, id);
      if (!hasRole(user, 'submitter') || item.ownerOrganization.id !== user.organizationId) {
        throw new ForbiddenError('只有成果所属单位的申报人可以修改');
      }
      // Lock the workflow row (PostgreSQL) so a concurrent SUBMIT cannot slip between the state
      // check and the write; SQLite transactions are already serialised.
      const workflow = await em.findOneOrFail(WorkflowInstance, item.workflow.id, {
        lockMode: this.isPostgres() ? LockMode.PESSIMISTIC_WRITE : undefined,
        refresh: true,
      });
      if (!EDITABLE_STATES.includes(workflow.state as AchievementState)) {
        throw new ConflictError('只有草稿或退回修改状态的成果可以修改', { state: workflow.state });
      }
      const merged = await validateAs(AchievementRecordDto, { ...this.recordOf(item), ...patch });
      const domain = await this.requireDomain(merged.domain);
      em.assign(item, { ...this.recordFields(merged), domain, updatedAt: this.clock.now() });
    });
    return this.get(user, id);
  }

  async get(user: AuthUser, id: string): Promise<AchievementView> {
    const item = await this.loadVisible(user, id);
    return toView(item, user, this.allowedEvents(user, item));
  }

  async list(
    user: AuthUser,
    query: ListAchievementsQuery,
  ): Promise<{ items: AchievementSummaryView[]; nextCursor: string | null }> {
    const visibility = visibilityFilter(user, await this.assignedItems(user));
    const conditions = achievementFilters(query, { sqlite: !this.isPostgres() });
    if (visibility) conditions.push(visibility);
    const page = await pageAchievements(this.em.fork(), conditions, query);
    return { items: page.items.map(toSummaryView), nextCursor: page.nextCursor };
  }

  async history(user: AuthUser, id: string): Promise<AuditView[]> {
    await this.loadVisible(user, id);
    const rows = await this.audit.history(id);
    if (canSeeAllScores(user)) return rows;
    // Blind scoring: other experts' sheets are not shown to anyone outside the office, and nobody
    // outside it learns who sits on the panel. The unit and its recommenders see that sheets came
    // in (not from whom); an expert sees their own sheets only, not when a colleague scored, save
    // the anonymous row of the sheet that closed the panel, since the item moved on with it.
    const expert = hasRole(user, 'expert');
    return rows.flatMap((row): AuditView[] => {
      const own = row.actorId === user.id;
      if (SHEET_EVENTS.includes(row.eventType) && !own) {
        if (expert && row.fromState === row.toState) return [];
        return [{ ...row, payload: {}, comment: null, actorId: '' }];
      }
      if (EXPERT_IDENTITY_EVENTS.includes(row.eventType)) {
        const { scoring } = row.payload;
        const actorId = row.actorRole === 'expert' && !own ? '' : row.actorId;
        // An expert keeps the reason of their own recusal, never the names it brought in.
        const comment = own ? row.comment : null;
        return [{ ...row, actorId, payload: scoring ? { scoring } : {}, comment }];
      }
      return [row];
    });
  }

  /**
   * The items an expert holds or held a seat on, in any round and however the seat ended (for
   * visibility): an expert keeps read access to what they scored or were asked to score.
   */
  private async assignedItems(user: AuthUser): Promise<string[]> {
    if (!hasRole(user, 'expert')) return [];
    return this.expertSeats().itemsOf(user.id);
  }

  private async heldSeat(user: AuthUser, id: string): Promise<boolean> {
    if (!hasRole(user, 'expert')) return false;
    return this.expertSeats().holds(user.id, id);
  }

  async sendEvent(user: AuthUser, id: string, dto: SendEventDto): Promise<TransitionView> {
    // The check and the host payload need the workflow row alone (organisations by id); the other
    // relations would be three more joins on every transition.
    const item = await this.loadVisible(user, id, ['workflow']);
    const { payload, comment } = await this.eventPayload(user, item, dto);
    const result = await this.runner
      .send(
        achievementWorkflow,
        item.workflow.id,
        { type: dto.type, actor: toWorkflowActor(user), comment, payload },
        { expectedVersion: dto.expectedVersion },
      )
      .catch(async (err: unknown) => {
        if (!(err instanceof ConflictError) || !err.details.lastChange) throw err;
        const { actorId } = err.details.lastChange as { actorId: string };
        const actor =
          actorId === 'system' ? null : await this.em.fork().findOne(User, { id: actorId });
        throw explainStale(err, user, () => actor?.displayName);
      });
    return {
      id,
      state: result.state,
      version: result.version,
      allowedEvents: achievementWorkflow.allowedEvents(
        result.snapshot as never,
        toWorkflowActor(user),
      ),
    };
  }

  /**
   * Checks event data and adds what the host decides: the score sheets here, everything else from
   * the provider its owner registered (the collection period on RECOMMEND, the scoring policy and
   * panel on PASS_ELIGIBILITY, ...). All of it ends up in the audit payload.
   */
  private async eventPayload(
    user: AuthUser,
    item: Achievement,
    dto: SendEventDto,
  ): Promise<{ payload: Record<string, unknown>; comment?: string }> {
    const type: AchievementEventType = dto.type;
    let comment = dto.comment?.trim() || undefined;
    if (!EVENTS_WITH_DATA.includes(type) && dto.data && Object.keys(dto.data).length) {
      throw InvalidInputError.field('data', '该操作不接受附加数据');
    }
    if (EVENTS_REQUIRING_COMMENT.includes(type) && !comment) {
      throw InvalidInputError.field('comment', '该操作必须填写理由');
    }
    switch (type) {
      case 'SUBMIT_SCORE':
      case 'REVISE_SCORE': {
        const context = contextOf(item);
        if (
          hasRole(user, 'expert') &&
          user.organizationId !== item.ownerOrganization.id &&
          !(context.panel ?? []).includes(user.id)
        ) {
          throw new ForbiddenError('您不在该成果的评审专家组中');
        }
        const data = await validateAs(ScoreDataDto, dto.data ?? {}).catch((err: unknown) => {
          throw prefixErrors(err, 'data');
        });
        const weights = contextOf(item).scoring.weights;
        const problems = {
          ...prefixKeys(scoreSheetProblems(data.scores, weights), 'data.scores'),
          ...prefixKeys(
            criterionCommentProblems(data.criterionComments ?? {}, weights),
            'data.criterionComments',
          ),
        };
        if (Object.keys(problems).length) {
          throw new InvalidInputError(
            Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]])),
          );
        }
        comment = data.comment?.trim() || comment;
        const criterionComments: Record<string, string> = {};
        for (const [k, v] of Object.entries(
          (data.criterionComments ?? {}) as Record<string, string>,
        ))
          if (v.trim()) criterionComments[k] = v.trim();
        return {
          payload: Object.keys(criterionComments).length
            ? { scores: data.scores, criterionComments }
            : { scores: data.scores },
          comment,
        };
      }
      default: {
        const provider = this.payloadProviders.get(type);
        return { payload: provider ? await provider(user, item, comment, dto.data) : {}, comment };
      }
    }
  }

  /**
   * What the user may send now on each of these items (a page of a list), from one read of their
   * workflow rows. Only for items the caller already listed for this user.
   */
  async allowedEventsOf(user: AuthUser, ids: readonly string[]): Promise<Map<string, string[]>> {
    if (!ids.length) return new Map();
    const items = await this.em
      .fork()
      .find(Achievement, { id: { $in: [...ids] } }, { populate: ['workflow'] });
    return new Map(items.map((item) => [item.id, this.allowedEvents(user, item)]));
  }

  private async allowedEventsFor(user: AuthUser, id: string): Promise<string[]> {
    return this.allowedEvents(user, await this.load(this.em.fork(), id));
  }

  private allowedEvents(user: AuthUser, item: Achievement): string[] {
    const snapshot = this.runner.restore(achievementWorkflow, item.workflow);
    return achievementWorkflow.allowedEvents(snapshot, toWorkflowActor(user));
  }

  /** The item if the user may see it (404/403 otherwise), for modules that hang data off items. */
  assertVisible(user: AuthUser, id: string): Promise<Achievement> {
    return this.loadVisible(user, id);
  }

  private async loadVisible(
    user: AuthUser,
    id: string,
    populate: readonly (typeof POPULATE)[number][] = POPULATE,
  ): Promise<Achievement> {
    const item = await this.load(this.em.fork(), id, populate);
    const visible = canView(user, {
      ownerOrganizationId: item.ownerOrganization.id,
      recommendationChain: contextOf(item).recommendationChain,
      state: item.workflow.state,
      panel: contextOf(item).panel ?? [],
      seated: await this.heldSeat(user, id),
    });
    if (!visible) throw new ForbiddenError('您无权查看该成果');
    return item;
  }

  private async load(
    em: EntityManager,
    id: string,
    populate: readonly (typeof POPULATE)[number][] = POPULATE,
  ): Promise<Achievement> {
    const item = await em.findOne(Achievement, { id }, { populate });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  private async requireDomain(key: string) {
    const domain = await this.reference.activeDomain(key);
    if (!domain)
      throw InvalidInputError.field('domain', '不是有效的战略领域(见 /api/reference/domains)');
    return domain;
  }

  private recordOf(item: Achievement): Record<string, unknown> {
    return {
      title: item.title,
      summary: item.summary,
      category: item.category,
      domain: item.domain.key,
      levelClaim: item.levelClaim,
      breaksMonopoly: item.breaksMonopoly,
      fillsGap: item.fillsGap,
      completingUnits: item.completingUnits,
      completers: item.completers,
      ip: item.ip,
      evidence: item.evidence,
    };
  }

  /** Plain JSON for the record's columns; DTO instances are flattened so nothing odd is stored. */
  private recordFields(dto: AchievementRecordDto) {
    const plain = JSON.parse(JSON.stringify(dto)) as AchievementRecordDto;
    return {
      title: plain.title,
      summary: plain.summary,
      category: plain.category,
      levelClaim: plain.levelClaim,
      breaksMonopoly: plain.breaksMonopoly ?? false,
      fillsGap: plain.fillsGap ?? false,
      completingUnits: plain.completingUnits,
      completers: plain.completers,
      ip: plain.ip,
      evidence: plain.evidence,
    };
  }

  private isPostgres(): boolean {
    return isPostgres(this.em);
  }
}

function prefixErrors(err: unknown, prefix: string): unknown {
  if (!(err instanceof InvalidInputError)) return err;
  return new InvalidInputError(
    Object.fromEntries(Object.entries(err.errors).map(([k, v]) => [`${prefix}.${k}`, v])),
  );
}

function prefixKeys(problems: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([k, v]) => [`${prefix}.${k}`, v]));
}
