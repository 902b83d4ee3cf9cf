import { Entity, Index, PrimaryKey, Property, t } from '@mikro-orm/core';
import type { CooperationStatus, TransferMode } from '../../workflows/cooperation-request.machine';

/**
 * A cooperation request's record: what the partner asked and the state as the runner last wrote
 * it (a read model written in the transition, so lists filter by column). Its id is its workflow
 * instance's; the trail is that instance's audit chain.
 */
@Entity({ tableName: 'cooperation_request' })
@Index({ properties: ['partnerUserId', 'createdAt'] })
@Index({ properties: ['unitOrganizationId', 'createdAt'] })
@Index({ properties: ['state', 'lastMovedAt'] })
export class CooperationRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  achievementId: string;

  @Property({ type: 'uuid' })
  partnerUserId: string;

  @Property({ type: 'uuid' })
  unitOrganizationId: string;

  @Property({ type: 'text' })
  message: string;

  @Property({ type: 'string', length: 32 })
  state: CooperationStatus;

  @Property({ type: t.datetime, nullable: true })
  meetingAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  meetingPlace: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  dealMode: TransferMode | null = null;

  @Property({ type: 'double', nullable: true })
  dealAmountYuan: number | null = null;

  @Property({ type: 'string', length: 10, nullable: true })
  contractDate: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  parties: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  registrationNumber: string | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;

  /** When the request last moved; the stale close counts 60 days from here. */
  @Property({ type: t.datetime })
  lastMovedAt: Date;
}
