import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AchievementEventType, AchievementState } from '../../workflows/achievement.machine';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { validateAs } from '../common/validation';
import { Transactions, type Tx } from '../database/tx';
import { OrganizationsService } from '../organizations/organizations.service';
import { ReferenceService } from '../reference/reference.service';
import { AuditService, type AuditView } from '../workflow/audit.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { canView, visibilityFilter } from './achievement-access';
import { AchievementEventPayloads, type EventPayloadProvider } from './achievement-event-payloads';
import { historyFor } from './achievement-history';
import { achievementWorkflow } from './achievement-workflow.definition';
import type { Achievement } from './achievement.entity';
import {
  contextOf,
  toSummaryView,
  toView,
  type AchievementSummaryView,
  type AchievementView,
} from './achievement.view';
import {
  AchievementsRepository,
  ITEM_RELATIONS,
  type AchievementRecordFields,
  type ItemRelation,
} from './achievements.repository';
import { AchievementRecordDto } from './dto/achievement-record.dto';
import type { ListAchievementsQuery } from './dto/list-achievements.query';
import { explainStale } from './stale-conflict';
import type { SendEventDto } from './dto/send-event.dto';
import type { UpdateAchievementDto } from './dto/update-achievement.dto';

export type { EventPayloadProvider } from './achievement-event-payloads';

const EDITABLE_STATES: readonly AchievementState[] = ['draft', 'returned'];

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
  private seats: ExpertSeats | null = null;

  constructor(
    private readonly items: AchievementsRepository,
    private readonly transactions: Transactions,
    private readonly payloads: AchievementEventPayloads,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    private readonly organizations: OrganizationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers the provider of host data for one event type (see EventPayloadProvider). The scores
   * are this module's own (SUBMIT_SCORE, REVISE_SCORE, ScoreSheetPayloads) and take no other.
   */
  providePayload(type: AchievementEventType, provider: EventPayloadProvider): void {
    this.payloads.provide(type, provider);
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
    await this.transactions.run(async (tx) => {
      const owner = await this.items.organization(tx, user.organizationId);
      const chain = await this.organizations.reportingChain(owner);
      const workflow = this.runner.start(
        tx,
        achievementWorkflow,
        id,
        { ownerOrganizationId: owner.id, recommendationChain: chain },
        toWorkflowActor(user),
        'submitter',
      );
      this.items.add(tx, {
        id,
        workflow,
        owner,
        recommenderId: chain[chain.length - 1],
        createdById: user.id,
        ...recordFields(dto),
        domain,
        at: this.clock.now(),
      });
    });
    return { id, state: 'draft', version: 1, allowedEvents: await this.allowedEventsFor(user, id) };
  }

  async update(user: AuthUser, id: string, patch: UpdateAchievementDto): Promise<AchievementView> {
    await this.transactions.run(async (tx) => {
      const item = await this.load(id, ITEM_RELATIONS, tx);
      if (!hasRole(user, 'submitter') || item.ownerOrganization.id !== user.organizationId) {
        throw new ForbiddenError('只有成果所属单位的申报人可以修改');
      }
      // The workflow row, locked: a concurrent SUBMIT cannot slip between the check and the write.
      const workflow = await this.items.lockWorkflow(tx, item.workflow.id);
      if (!EDITABLE_STATES.includes(workflow.state as AchievementState)) {
        throw new ConflictError('只有草稿或退回修改状态的成果可以修改', { state: workflow.state });
      }
      const merged = await validateAs(AchievementRecordDto, { ...recordOf(item), ...patch });
      const domain = await this.requireDomain(merged.domain);
      this.items.update(tx, item, {
        ...recordFields(merged),
        domain,
        updatedAt: this.clock.now(),
      });
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
    const page = await this.items.page(query, visibility);
    return { items: page.items.map(toSummaryView), nextCursor: page.nextCursor };
  }

  /** The item's audit trail as the user may read it (blind scoring, see historyFor). */
  async history(user: AuthUser, id: string): Promise<AuditView[]> {
    await this.loadVisible(user, id);
    return historyFor(user, await this.audit.history(id));
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
    const { payload, comment } = await this.payloads.contentOf(user, item, dto);
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
        const actor = actorId === 'system' ? null : await this.items.user(actorId);
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
   * What the user may send now on each of these items (a page of a list), from one read of their
   * workflow rows. Only for items the caller already listed for this user.
   */
  async allowedEventsOf(user: AuthUser, ids: readonly string[]): Promise<Map<string, string[]>> {
    if (!ids.length) return new Map();
    const items = await this.items.withWorkflows(ids);
    return new Map(items.map((item) => [item.id, this.allowedEvents(user, item)]));
  }

  private async allowedEventsFor(user: AuthUser, id: string): Promise<string[]> {
    return this.allowedEvents(user, await this.load(id));
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
    populate: readonly ItemRelation[] = ITEM_RELATIONS,
  ): Promise<Achievement> {
    const item = await this.load(id, populate);
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
    id: string,
    populate: readonly ItemRelation[] = ITEM_RELATIONS,
    tx?: Tx,
  ): Promise<Achievement> {
    const item = await this.items.find(id, populate, tx);
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  private async requireDomain(key: string) {
    const domain = await this.reference.activeDomain(key);
    if (!domain)
      throw InvalidInputError.field('domain', '不是有效的战略领域(见 /api/reference/domains)');
    return domain;
  }
}

/** The item's record as the unit filled it in, for merging a patch over it. */
function recordOf(item: Achievement): Record<string, unknown> {
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
function recordFields(dto: AchievementRecordDto): AchievementRecordFields {
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
