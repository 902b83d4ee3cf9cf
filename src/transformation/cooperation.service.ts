import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  CooperationEventType,
  CooperationStatus,
} from '../../workflows/cooperation-request.machine';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { shanghaiDay } from '../common/shanghai-time';
import { Transactions, type Tx } from '../database/tx';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { cooperationRequestWorkflow } from './cooperation-request.definition';
import type { CooperationRequest } from './cooperation-request.entity';
import { scheduleAnswerTimers } from './cooperation-timers';
import type { CooperationActionDto, CooperationRequestDto } from './dto/transformation.dto';
import { contactOf, type OfferContact } from './offers.service';
import { toPartnerView, type PartnerView } from './partners.service';
import {
  COOPERATION_STATUS_LABELS,
  TRANSFER_MODE_LABELS,
  formatYuan,
} from './transformation-labels';
import { TransformationRepository } from './transformation.repository';

/** From acceptance on, the partner may see the unit's contact. */
const CONTACT_OPEN: CooperationStatus[] = ['accepted', 'meetingScheduled', 'negotiating', 'agreed'];

const ACTION_EVENTS: Record<CooperationActionDto['action'], CooperationEventType> = {
  accept: 'ACCEPT_REQUEST',
  decline: 'DECLINE_REQUEST',
  scheduleMeeting: 'SCHEDULE_MEETING',
  startNegotiation: 'START_NEGOTIATION',
  agree: 'AGREE',
  close: 'CLOSE_REQUEST',
};

export interface CooperationView {
  id: string;
  achievementId: string;
  title: string;
  unitName: string;
  partner: Pick<
    PartnerView,
    'organizationName' | 'kindLabel' | 'contactPerson' | 'phone' | 'email'
  > | null;
  message: string;
  state: CooperationStatus;
  stateLabel: string;
  meetingAt: string | null;
  meetingPlace: string | null;
  deal: {
    modeLabel: string;
    amountYuan: number;
    amountLabel: string;
    contractDate: string;
    parties: string;
    registrationNumber: string | null;
  } | null;
  /** The unit's contact: only once the unit accepted (never before). */
  unitContact: OfferContact | null;
  createdAt: string;
  lastMovedAt: string;
}

type Viewer = 'partner' | 'unit' | 'office';

/**
 * Cooperation requests (对接请求) on the cooperation-request machine. A partner sees only their
 * own, a unit (its submitters) only those on its items, the office all. The machine decides who
 * may send what by role; this service decides whose request it is before sending.
 */
@Injectable()
export class CooperationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: TransformationRepository,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
  ) {}

  async request(
    user: AuthUser,
    achievementId: string,
    dto: CooperationRequestDto,
  ): Promise<CooperationView> {
    const message = dto.message.trim();
    if (!message) throw InvalidInputError.field('message', '请说明对接需求');
    const id = randomUUID();
    await this.transactions.run(async (tx) => {
      const item = await this.repository.item(tx, achievementId);
      if (!item || item.state !== 'published') throw new NotFoundError('该成果不存在或尚未发布');
      const offer = await this.repository.findOffer(tx, achievementId);
      if (!offer?.openToContact) throw new ConflictError('该成果暂不接受对接');
      if (await this.repository.openRequestOf(tx, user.id, achievementId)) {
        throw new ConflictError('您对该成果已有进行中的对接请求');
      }
      const now = this.clock.now();
      this.runner.start(
        tx,
        cooperationRequestWorkflow,
        id,
        { achievementId, partnerUserId: user.id, unitOrganizationId: item.ownerOrganizationId },
        toWorkflowActor(user),
        'partner',
      );
      await this.repository.createRequest(tx, {
        id,
        achievementId,
        partnerUserId: user.id,
        unitOrganizationId: item.ownerOrganizationId,
        message,
        state: 'submitted',
        meetingAt: null,
        meetingPlace: null,
        dealMode: null,
        dealAmountYuan: null,
        contractDate: null,
        parties: null,
        registrationNumber: null,
        createdAt: now,
        lastMovedAt: now,
      });
      await scheduleAnswerTimers(this.repository, tx, id, now);
      await this.repository.notify(tx, {
        recipients: await this.repository.userIdsWithRole(
          tx,
          item.ownerOrganizationId,
          'submitter',
        ),
        kind: 'cooperation.requested',
        subject: `「${item.title}」收到新的对接请求`,
        body: '有对接方希望就该成果开展合作,请在 5 个工作日内答复。',
        link: `/transfer/requests/${id}`,
      });
    });
    return this.get(user, id);
  }

  async list(user: AuthUser): Promise<CooperationView[]> {
    const tx = this.transactions.reader();
    const viewer = viewerOf(user);
    const rows = await this.repository.listRequests(
      tx,
      viewer === 'partner'
        ? { partnerUserId: user.id }
        : viewer === 'unit'
          ? { unitOrganizationId: user.organizationId }
          : {},
    );
    return this.views(tx, rows, viewer);
  }

  async get(user: AuthUser, id: string): Promise<CooperationView> {
    const tx = this.transactions.reader();
    const row = await this.visible(tx, user, id);
    return (await this.views(tx, [row], viewerOf(user)))[0];
  }

  async act(user: AuthUser, id: string, dto: CooperationActionDto): Promise<CooperationView> {
    // Whose request it is comes first: another party's answers 403 whatever the body.
    await this.visible(this.transactions.reader(), user, id);
    const payload = this.payloadFor(dto);
    await this.runner.send(cooperationRequestWorkflow, id, {
      type: ACTION_EVENTS[dto.action],
      actor: toWorkflowActor(user),
      comment: dto.comment?.trim() || undefined,
      payload,
    });
    return this.get(user, id);
  }

  /** The event's fields, each checked here so that a bad one is a 400 on its field. */
  private payloadFor(dto: CooperationActionDto): Record<string, unknown> {
    const errors: Record<string, string[]> = {};
    const need = (field: keyof CooperationActionDto, message: string) => {
      const value = dto[field];
      if (value === undefined || (typeof value === 'string' && !value.trim()))
        errors[field] = [message];
    };
    let payload: Record<string, unknown> = {};
    if (dto.action === 'scheduleMeeting') {
      need('meetingAt', '请填写洽谈时间');
      need('place', '请填写洽谈地点或线上链接');
      if (dto.meetingAt && Number.isNaN(Date.parse(dto.meetingAt)))
        errors.meetingAt = ['必须是有效的日期'];
      if (!Object.keys(errors).length) {
        payload = { meetingAt: new Date(dto.meetingAt!).toISOString(), place: dto.place!.trim() };
      }
    }
    if (dto.action === 'agree') {
      need('mode', '请选择转化方式');
      need('amountYuan', '请填写合同金额');
      need('contractDate', '请填写签约日期');
      need('parties', '请填写合同各方');
      const today = shanghaiDay(this.clock.now());
      if (dto.contractDate && dto.contractDate > today)
        errors.contractDate = ['签约日期不能晚于今天'];
      if (!Object.keys(errors).length) {
        payload = {
          today,
          deal: {
            mode: dto.mode,
            amountYuan: dto.amountYuan,
            contractDate: dto.contractDate,
            parties: dto.parties!.trim(),
            registrationNumber: dto.registrationNumber?.trim() || null,
          },
        };
      }
    }
    if (dto.action === 'decline' || dto.action === 'close') need('comment', '请说明理由');
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
    return payload;
  }

  /** The request, if the caller may see it: own (partner), on its items (unit), or the office's. */
  private async visible(tx: Tx, user: AuthUser, id: string): Promise<CooperationRequest> {
    const row = await this.repository.findRequest(tx, id);
    if (!row) throw new NotFoundError('对接请求不存在', { id });
    const viewer = viewerOf(user);
    const own =
      viewer === 'office' ||
      (viewer === 'partner' && row.partnerUserId === user.id) ||
      (viewer === 'unit' && row.unitOrganizationId === user.organizationId);
    if (!own) throw new ForbiddenError('只能查看本方的对接请求');
    return row;
  }

  private async views(
    tx: Tx,
    rows: CooperationRequest[],
    viewer: Viewer,
  ): Promise<CooperationView[]> {
    const items = await this.repository.items(
      tx,
      rows.map((r) => r.achievementId),
    );
    const partners = new Map(
      (
        await this.repository.findPartnersByUsers(
          tx,
          rows.map((r) => r.partnerUserId),
        )
      ).map((p) => [p.userId, p]),
    );
    const offers = new Map(
      (
        await this.repository.findOffers(
          tx,
          rows.map((r) => r.achievementId),
        )
      ).map((o) => [o.achievementId, o]),
    );
    return rows.map((r) => {
      const partner = partners.get(r.partnerUserId);
      const offer = offers.get(r.achievementId);
      const contactOpen = viewer !== 'partner' || CONTACT_OPEN.includes(r.state);
      const pv = partner ? toPartnerView(partner) : null;
      return {
        id: r.id,
        achievementId: r.achievementId,
        title: items.get(r.achievementId)?.title ?? '',
        unitName: items.get(r.achievementId)?.ownerName ?? '',
        partner: pv && {
          organizationName: pv.organizationName,
          kindLabel: pv.kindLabel,
          contactPerson: pv.contactPerson,
          phone: pv.phone,
          email: pv.email,
        },
        message: r.message,
        state: r.state,
        stateLabel: COOPERATION_STATUS_LABELS[r.state],
        meetingAt: r.meetingAt?.toISOString() ?? null,
        meetingPlace: r.meetingPlace,
        deal:
          r.dealMode && r.dealAmountYuan !== null && r.contractDate && r.parties
            ? {
                modeLabel: TRANSFER_MODE_LABELS[r.dealMode],
                amountYuan: Number(r.dealAmountYuan),
                amountLabel: formatYuan(Number(r.dealAmountYuan)),
                contractDate: r.contractDate,
                parties: r.parties,
                registrationNumber: r.registrationNumber,
              }
            : null,
        unitContact: contactOpen && offer ? contactOf(offer) : null,
        createdAt: r.createdAt.toISOString(),
        lastMovedAt: r.lastMovedAt.toISOString(),
      };
    });
  }
}

function viewerOf(user: AuthUser): Viewer {
  if (user.roles.includes('officeStaff') || user.roles.includes('admin')) return 'office';
  if (user.roles.includes('partner')) return 'partner';
  if (user.roles.includes('submitter')) return 'unit';
  throw new ForbiddenError('您的角色无权查看对接请求');
}
