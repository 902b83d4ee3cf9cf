import { Entity, Enum, Index, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** Who comes in from outside (对接方): enterprises, investors and service institutions. */
export const PARTNER_KINDS = [
  'enterprise',
  'investor',
  'technologyBroker',
  'finance',
  'legal',
  'other',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PARTNER_STATUSES = ['pending', 'approved', 'refused'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/**
 * A self-registered partner: the organisation behind a `partner` user account. The account can
 * sign in at once but does nothing until the office approves it (the user row's approvalPending).
 */
@Entity({ tableName: 'partner_account' })
@Index({ properties: ['status', 'createdAt'] })
export class PartnerAccount {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The app_user row that signs in; one partner account each. */
  @Property({ type: 'uuid', unique: true })
  userId: string;

  @Property({ type: 'string', length: 200 })
  organizationName: string;

  /** 统一社会信用代码, 18 characters, check digit verified (GB 32100-2015). */
  @Property({ type: 'string', length: 18, unique: true })
  creditCode: string;

  @Property({ type: 'string', length: 50 })
  contactPerson: string;

  @Property({ type: 'string', length: 30 })
  phone: string;

  @Property({ type: 'string', length: 200 })
  email: string;

  @Enum({ items: () => [...PARTNER_KINDS], type: 'string', nativeEnumName: undefined })
  kind: PartnerKind;

  @Enum({ items: () => [...PARTNER_STATUSES], type: 'string', nativeEnumName: undefined })
  status: PartnerStatus = 'pending';

  @Property({ type: 'text', nullable: true })
  refusalReason: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedBy: string | null = null;

  @Property({ type: t.datetime, nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;
}
