import { Entity, PrimaryKey, Property, t } from '@mikro-orm/core';
import type { TransferMode } from '../../workflows/cooperation-request.machine';

/** What a unit looks for besides a buyer. */
export const OFFER_SEEKS = ['capital', 'pilotLine', 'applicationScenario'] as const;
export type OfferSeek = (typeof OFFER_SEEKS)[number];

/**
 * A unit's transfer offer (成果转化意向) on one library or published item, one per item. The
 * contact is the unit's: it is shown to a partner only once the unit accepts their request.
 */
@Entity({ tableName: 'transfer_offer' })
export class TransferOffer {
  @PrimaryKey({ type: 'uuid' })
  achievementId: string;

  @Property({ type: 'json' })
  modes: TransferMode[];

  /** Indicative price range in yuan; both null when the price is 面议. */
  @Property({ type: 'double', nullable: true })
  priceMinYuan: number | null = null;

  @Property({ type: 'double', nullable: true })
  priceMaxYuan: number | null = null;

  @Property({ type: 'boolean' })
  negotiable: boolean;

  @Property({ type: 'json' })
  seeks: OfferSeek[];

  @Property({ type: 'text' })
  note: string = '';

  @Property({ type: 'boolean' })
  openToContact: boolean;

  @Property({ type: 'string', length: 50 })
  contactName: string;

  @Property({ type: 'string', length: 30 })
  contactPhone: string;

  @Property({ type: 'string', length: 200, nullable: true })
  contactEmail: string | null = null;

  @Property({ type: 'uuid' })
  updatedBy: string;

  @Property({ type: t.datetime })
  updatedAt: Date;
}
