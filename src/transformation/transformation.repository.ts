import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { UserRole } from '../../workflows/actor';
import type { CooperationStatus } from '../../workflows/cooperation-request.machine';
import { Achievement } from '../achievements/achievement.entity';
import { emOf, type Tx } from '../database/tx';
import {
  NotificationsService,
  type NotificationMessage,
} from '../notifications/notifications.service';
import { Organization } from '../organizations/organization.entity';
import { TimerService, type TimerRequest } from '../scheduling/timer.service';
import { User } from '../users/user.entity';
import { CooperationRequest } from './cooperation-request.entity';
import { PartnerAccount, type PartnerStatus } from './partner-account.entity';
import { TransferOffer } from './transfer-offer.entity';

/** The organisation every partner account belongs to: partners are not units of the chain. */
export const PARTNER_ORGANIZATION_NAME = '对接方(社会机构)';

/** An item as the transformation feature needs it: title, owner and workflow state. */
export interface ItemFacts {
  id: string;
  title: string;
  ownerOrganizationId: string;
  ownerName: string;
  state: string;
}

export interface NewPartnerUser {
  username: string;
  passwordHash: string;
  displayName: string;
  email: string;
  at: Date;
}

/** Every query of the transformation feature (ADR 0009). */
@Injectable()
export class TransformationRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly notifications: NotificationsService,
    private readonly timers: TimerService,
  ) {}

  // ---- partners

  async usernameTaken(tx: Tx, username: string): Promise<boolean> {
    // In the caller's transaction: SQLite has one connection, and it is that transaction's.
    const rows = await (emOf(tx) as SqlEntityManager).execute<{ n: number }[]>(
      'select count(*) as n from app_user where lower(username) = ?',
      [username.toLowerCase()],
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  async creditCodeTaken(tx: Tx, creditCode: string): Promise<boolean> {
    return (await emOf(tx).count(PartnerAccount, { creditCode })) > 0;
  }

  /** The partners' organisation, made on the first registration. */
  private async partnerOrganization(tx: Tx, at: Date): Promise<Organization> {
    const em = emOf(tx);
    const found = await em.findOne(Organization, { name: PARTNER_ORGANIZATION_NAME });
    if (found) return found;
    const created = em.create(Organization, {
      name: PARTNER_ORGANIZATION_NAME,
      type: 'enterprise',
      city: '浙江省',
      createdAt: at,
    });
    await em.flush();
    return created;
  }

  async createPartner(
    tx: Tx,
    user: NewPartnerUser,
    account: Omit<
      PartnerAccount,
      'id' | 'userId' | 'status' | 'refusalReason' | 'decidedBy' | 'decidedAt' | 'createdAt'
    >,
  ): Promise<PartnerAccount> {
    const em = emOf(tx);
    const organization = await this.partnerOrganization(tx, user.at);
    const row = em.create(User, {
      username: user.username,
      passwordHash: user.passwordHash,
      displayName: user.displayName,
      email: user.email,
      organization,
      roles: ['partner'],
      active: true,
      approvalPending: true,
      createdAt: user.at,
      passwordChangedAt: user.at,
      mustChangePassword: false,
    });
    const partner = em.create(PartnerAccount, {
      ...account,
      userId: row.id,
      status: 'pending',
      createdAt: user.at,
    });
    await em.flush();
    return partner;
  }

  listPartners(tx: Tx, status?: PartnerStatus): Promise<PartnerAccount[]> {
    return emOf(tx).find(PartnerAccount, status ? { status } : {}, {
      orderBy: { createdAt: 'desc' },
      limit: 500,
    });
  }

  findPartner(tx: Tx, id: string): Promise<PartnerAccount | null> {
    return emOf(tx).findOne(PartnerAccount, { id });
  }

  findPartnerByUser(tx: Tx, userId: string): Promise<PartnerAccount | null> {
    return emOf(tx).findOne(PartnerAccount, { userId });
  }

  findPartnersByUsers(tx: Tx, userIds: string[]): Promise<PartnerAccount[]> {
    return userIds.length
      ? emOf(tx).find(PartnerAccount, { userId: { $in: userIds } })
      : Promise.resolve([]);
  }

  /** Records the office's decision on the account and opens or closes the user's door. */
  async decidePartner(
    tx: Tx,
    partner: PartnerAccount,
    decision: { status: 'approved' | 'refused'; reason: string | null; by: string; at: Date },
  ): Promise<void> {
    const em = emOf(tx);
    partner.status = decision.status;
    partner.refusalReason = decision.reason;
    partner.decidedBy = decision.by;
    partner.decidedAt = decision.at;
    await em.nativeUpdate(
      User,
      { id: partner.userId },
      decision.status === 'approved'
        ? { approvalPending: false }
        : { approvalPending: false, active: false },
    );
    await em.flush();
  }

  // ---- items and offers

  async item(tx: Tx, id: string): Promise<ItemFacts | null> {
    return (await this.items(tx, [id])).get(id) ?? null;
  }

  async items(tx: Tx, ids: string[]): Promise<Map<string, ItemFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await emOf(tx).find(
      Achievement,
      { id: { $in: [...new Set(ids)] } },
      { populate: ['workflow', 'ownerOrganization'] },
    );
    return new Map(
      rows.map((a) => [
        a.id,
        {
          id: a.id,
          title: a.title,
          ownerOrganizationId: a.ownerOrganization.id,
          ownerName: a.ownerOrganization.name,
          state: a.workflow.state,
        },
      ]),
    );
  }

  /** The unit's library and published items, newest first, for its offers page. */
  async unitItems(tx: Tx, organizationId: string): Promise<ItemFacts[]> {
    const rows = await emOf(tx).find(
      Achievement,
      {
        ownerOrganization: organizationId,
        workflow: { state: { $in: ['inLibrary', 'published'] } },
      },
      { populate: ['workflow', 'ownerOrganization'], orderBy: { createdAt: 'desc' }, limit: 200 },
    );
    return rows.map((a) => ({
      id: a.id,
      title: a.title,
      ownerOrganizationId: a.ownerOrganization.id,
      ownerName: a.ownerOrganization.name,
      state: a.workflow.state,
    }));
  }

  findOffer(tx: Tx, achievementId: string): Promise<TransferOffer | null> {
    return emOf(tx).findOne(TransferOffer, { achievementId });
  }

  findOffers(tx: Tx, achievementIds: string[]): Promise<TransferOffer[]> {
    return achievementIds.length
      ? emOf(tx).find(TransferOffer, { achievementId: { $in: achievementIds } })
      : Promise.resolve([]);
  }

  async saveOffer(tx: Tx, offer: Omit<TransferOffer, never>): Promise<TransferOffer> {
    const em = emOf(tx);
    const existing = await em.findOne(TransferOffer, { achievementId: offer.achievementId });
    const row = existing ? Object.assign(existing, offer) : em.create(TransferOffer, offer);
    await em.flush();
    return row;
  }

  // ---- requests

  async createRequest(tx: Tx, request: Omit<CooperationRequest, never>): Promise<void> {
    emOf(tx).create(CooperationRequest, request);
    await emOf(tx).flush();
  }

  findRequest(tx: Tx, id: string): Promise<CooperationRequest | null> {
    return emOf(tx).findOne(CooperationRequest, { id });
  }

  /** An open request of this partner on this item, if any: one at a time per item. */
  openRequestOf(
    tx: Tx,
    partnerUserId: string,
    achievementId: string,
  ): Promise<CooperationRequest | null> {
    return emOf(tx).findOne(CooperationRequest, {
      partnerUserId,
      achievementId,
      state: { $nin: ['declined', 'agreed', 'closed'] },
    });
  }

  listRequests(
    tx: Tx,
    scope: { partnerUserId?: string; unitOrganizationId?: string },
  ): Promise<CooperationRequest[]> {
    const where: FilterQuery<CooperationRequest> = {};
    if (scope.partnerUserId) where.partnerUserId = scope.partnerUserId;
    if (scope.unitOrganizationId) where.unitOrganizationId = scope.unitOrganizationId;
    return emOf(tx).find(CooperationRequest, where, { orderBy: { createdAt: 'desc' }, limit: 500 });
  }

  /** Writes the request's read model after a transition, in the transition's transaction. */
  async afterMove(
    tx: Tx,
    id: string,
    change: Partial<
      Pick<
        CooperationRequest,
        | 'meetingAt'
        | 'meetingPlace'
        | 'dealMode'
        | 'dealAmountYuan'
        | 'contractDate'
        | 'parties'
        | 'registrationNumber'
      >
    > & {
      state: CooperationStatus;
      lastMovedAt: Date;
    },
  ): Promise<void> {
    await emOf(tx).nativeUpdate(CooperationRequest, { id }, change);
  }

  // ---- people to tell

  async userIdsWithRole(tx: Tx, organizationId: string | null, role: UserRole): Promise<string[]> {
    return (await this.notifications.recipientsWithRole(tx, organizationId, role)).map((u) => u.id);
  }

  async displayNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const users = await emOf(tx).find(User, { id: { $in: [...new Set(ids)] } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  /** Lays timers (rows, ADR 0003) in the caller's transaction. */
  async schedule(tx: Tx, timers: TimerRequest[]): Promise<void> {
    await this.timers.schedule(timers, tx);
  }

  /** Writes inbox and e-mail rows in the caller's transaction (the outbox). */
  async notify(tx: Tx, message: NotificationMessage): Promise<void> {
    await this.notifications.notify(tx, message);
  }
}
