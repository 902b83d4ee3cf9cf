import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Transactions } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { PasswordHasher } from '../users/password-hasher';
import { isValidCreditCode } from './credit-code';
import type { PartnerDecisionDto, RegisterPartnerDto } from './dto/transformation.dto';
import type { PartnerAccount, PartnerKind, PartnerStatus } from './partner-account.entity';
import { PARTNER_KIND_LABELS, PARTNER_STATUS_LABELS } from './transformation-labels';
import { TransformationRepository } from './transformation.repository';

export interface PartnerView {
  id: string;
  userId: string;
  organizationName: string;
  creditCode: string;
  contactPerson: string;
  phone: string;
  email: string;
  kind: PartnerKind;
  kindLabel: string;
  status: PartnerStatus;
  statusLabel: string;
  refusalReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export function toPartnerView(p: PartnerAccount): PartnerView {
  return {
    id: p.id,
    userId: p.userId,
    organizationName: p.organizationName,
    creditCode: p.creditCode,
    contactPerson: p.contactPerson,
    phone: p.phone,
    email: p.email,
    kind: p.kind,
    kindLabel: PARTNER_KIND_LABELS[p.kind],
    status: p.status,
    statusLabel: PARTNER_STATUS_LABELS[p.status],
    refusalReason: p.refusalReason,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * Partners (对接方) register themselves; the office approves or refuses each account. Until
 * then the account signs in to an account page that says it waits, and every other route answers
 * 403 (the account gate). A refused account is deactivated. Each step goes to the security log
 * and the applicant is told through the inbox and e-mail outbox.
 */
@Injectable()
export class PartnersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: TransformationRepository,
    private readonly hasher: PasswordHasher,
    private readonly securityLog: SecurityLogService,
    private readonly clock: Clock,
  ) {}

  async register(dto: RegisterPartnerDto, clientIp: string | null): Promise<PartnerView> {
    const creditCode = dto.creditCode.trim().toUpperCase();
    if (!isValidCreditCode(creditCode)) {
      throw InvalidInputError.field('creditCode', '统一社会信用代码不正确(校验位不符)');
    }
    const passwordHash = await this.hasher.hash(dto.password);
    const partner = await this.transactions.run(async (tx) => {
      if (await this.repository.usernameTaken(tx, dto.username)) {
        throw new ConflictError('用户名已被使用', { errors: { username: ['用户名已被使用'] } });
      }
      if (await this.repository.creditCodeTaken(tx, creditCode)) {
        throw new ConflictError('该统一社会信用代码已注册', {
          errors: { creditCode: ['该统一社会信用代码已注册'] },
        });
      }
      const created = await this.repository.createPartner(
        tx,
        {
          username: dto.username,
          passwordHash,
          displayName: dto.contactPerson.trim(),
          email: dto.email.trim(),
          at: this.clock.now(),
        },
        {
          organizationName: dto.organizationName.trim(),
          creditCode,
          contactPerson: dto.contactPerson.trim(),
          phone: dto.phone.trim(),
          email: dto.email.trim(),
          kind: dto.kind,
        },
      );
      await this.repository.notify(tx, {
        recipients: await this.repository.userIdsWithRole(tx, null, 'officeStaff'),
        kind: 'partner.registered',
        subject: `新的对接方注册待审核:${created.organizationName}`,
        body: `${created.organizationName}(${PARTNER_KIND_LABELS[created.kind]})申请注册为对接方,请审核。`,
        link: '/transfer/partners',
      });
      return created;
    });
    await this.securityLog.record({
      kind: 'partnerRegistered',
      actorId: partner.userId,
      username: dto.username,
      clientIp,
      detail: { partnerId: partner.id, creditCode },
    });
    return toPartnerView(partner);
  }

  async list(status?: PartnerStatus): Promise<PartnerView[]> {
    return (await this.repository.listPartners(this.transactions.reader(), status)).map(
      toPartnerView,
    );
  }

  /** The caller's own partner account (also while it waits for approval). */
  async mine(user: AuthUser): Promise<PartnerView> {
    const partner = await this.repository.findPartnerByUser(this.transactions.reader(), user.id);
    if (!partner) throw new NotFoundError('没有对接方账号信息');
    return toPartnerView(partner);
  }

  async decide(
    by: AuthUser,
    id: string,
    dto: PartnerDecisionDto,
    clientIp: string | null,
  ): Promise<PartnerView> {
    const reason = dto.reason?.trim() ?? '';
    if (dto.decision === 'refuse' && !reason) {
      throw InvalidInputError.field('reason', '不予通过时须说明理由');
    }
    const partner = await this.transactions.run(async (tx) => {
      const found = await this.repository.findPartner(tx, id);
      if (!found) throw new NotFoundError('对接方不存在', { id });
      if (found.status !== 'pending') throw new ConflictError('该对接方账号已审核');
      const approved = dto.decision === 'approve';
      // Told before a refusal deactivates the account: the outbox skips inactive users.
      await this.repository.notify(tx, {
        recipients: [found.userId],
        kind: approved ? 'partner.approved' : 'partner.refused',
        subject: approved ? '您的对接方账号已审核通过' : '您的对接方账号未通过审核',
        body: approved
          ? `${found.organizationName}的对接方账号已审核通过,现在可以浏览成果并提出对接请求。`
          : `${found.organizationName}的对接方账号未通过审核。理由:${reason}`,
        link: approved ? '/transfer/requests' : undefined,
      });
      await this.repository.decidePartner(tx, found, {
        status: approved ? 'approved' : 'refused',
        reason: approved ? null : reason,
        by: by.id,
        at: this.clock.now(),
      });
      return found;
    });
    await this.securityLog.record({
      kind: partner.status === 'approved' ? 'partnerApproved' : 'partnerRefused',
      actorId: by.id,
      username: by.username,
      clientIp,
      detail: { partnerId: partner.id, userId: partner.userId, reason: partner.refusalReason },
    });
    return toPartnerView(partner);
  }
}
