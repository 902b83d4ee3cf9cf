import { Injectable } from '@nestjs/common';
import type { TransferMode } from '../../workflows/cooperation-request.machine';
import type { AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import type { TransferOfferDto } from './dto/transformation.dto';
import type { OfferSeek, TransferOffer } from './transfer-offer.entity';
import { OFFER_SEEK_LABELS, TRANSFER_MODE_LABELS, formatYuan } from './transformation-labels';
import { TransformationRepository, type ItemFacts } from './transformation.repository';

/** Items that may carry an offer: in the library or published. */
export const OFFER_STATES = ['inLibrary', 'published'];

/** What anyone may read of an offer: never the unit's contact. */
export interface OfferView {
  achievementId: string;
  modes: TransferMode[];
  modeLabels: string[];
  negotiable: boolean;
  priceMinYuan: number | null;
  priceMaxYuan: number | null;
  priceLabel: string;
  seeks: OfferSeek[];
  seekLabels: string[];
  note: string;
  openToContact: boolean;
  updatedAt: string;
}

/** The unit's contact, for the unit itself and for a partner whose request it accepted. */
export interface OfferContact {
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
}

export function toOfferView(o: TransferOffer): OfferView {
  return {
    achievementId: o.achievementId,
    modes: o.modes,
    modeLabels: o.modes.map((m) => TRANSFER_MODE_LABELS[m]),
    negotiable: o.negotiable,
    priceMinYuan: o.priceMinYuan,
    priceMaxYuan: o.priceMaxYuan,
    priceLabel:
      o.negotiable || o.priceMinYuan === null || o.priceMaxYuan === null
        ? '面议'
        : `${formatYuan(Number(o.priceMinYuan))} 至 ${formatYuan(Number(o.priceMaxYuan))}`,
    seeks: o.seeks,
    seekLabels: o.seeks.map((s) => OFFER_SEEK_LABELS[s]),
    note: o.note,
    openToContact: o.openToContact,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function contactOf(o: TransferOffer): OfferContact {
  return { contactName: o.contactName, contactPhone: o.contactPhone, contactEmail: o.contactEmail };
}

/**
 * Transfer offers (成果转化意向): one per library or published item, kept by a submitter of the
 * owning unit. The public sees the offer of a published item without the contact.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: TransformationRepository,
    private readonly clock: Clock,
  ) {}

  /** The public offer of a published item; null when the unit has none. */
  async publicOffer(achievementId: string): Promise<OfferView | null> {
    const tx = this.transactions.reader();
    const item = await this.repository.item(tx, achievementId);
    if (!item || item.state !== 'published') throw new NotFoundError('该成果不存在或尚未发布');
    const offer = await this.repository.findOffer(tx, achievementId);
    return offer ? toOfferView(offer) : null;
  }

  /** The unit's library and published items, each with its offer (and contact) if any. */
  async mine(
    user: AuthUser,
  ): Promise<{ item: ItemFacts; offer: (OfferView & OfferContact) | null }[]> {
    const tx = this.transactions.reader();
    const items = await this.repository.unitItems(tx, user.organizationId);
    const offers = new Map(
      (
        await this.repository.findOffers(
          tx,
          items.map((i) => i.id),
        )
      ).map((o) => [o.achievementId, o]),
    );
    return items.map((item) => {
      const offer = offers.get(item.id);
      return { item, offer: offer ? { ...toOfferView(offer), ...contactOf(offer) } : null };
    });
  }

  /** The unit's own view of one offer, for its edit form. */
  async own(
    user: AuthUser,
    achievementId: string,
  ): Promise<{ item: ItemFacts; offer: (OfferView & OfferContact) | null }> {
    const tx = this.transactions.reader();
    const item = await this.ownItem(tx, user, achievementId);
    const offer = await this.repository.findOffer(tx, achievementId);
    return { item, offer: offer ? { ...toOfferView(offer), ...contactOf(offer) } : null };
  }

  async save(
    user: AuthUser,
    achievementId: string,
    dto: TransferOfferDto,
  ): Promise<OfferView & OfferContact> {
    const price = checkPrice(dto);
    return this.transactions.run(async (tx) => {
      await this.ownItem(tx, user, achievementId);
      const saved = await this.repository.saveOffer(tx, {
        achievementId,
        modes: dto.modes,
        negotiable: dto.negotiable,
        priceMinYuan: price.min,
        priceMaxYuan: price.max,
        seeks: dto.seeks,
        note: dto.note?.trim() ?? '',
        openToContact: dto.openToContact,
        contactName: dto.contactName.trim(),
        contactPhone: dto.contactPhone.trim(),
        contactEmail: dto.contactEmail?.trim() || null,
        updatedBy: user.id,
        updatedAt: this.clock.now(),
      });
      return { ...toOfferView(saved), ...contactOf(saved) };
    });
  }

  /** A library or published item of the caller's own unit, or 403/404/409 saying why not. */
  private async ownItem(tx: Tx, user: AuthUser, achievementId: string): Promise<ItemFacts> {
    const item = await this.repository.item(tx, achievementId);
    if (!item) throw new NotFoundError('成果不存在', { id: achievementId });
    if (!user.roles.includes('submitter') || item.ownerOrganizationId !== user.organizationId) {
      throw new ForbiddenError('只有成果所属单位可以维护转化意向');
    }
    if (!OFFER_STATES.includes(item.state)) {
      throw InvalidInputError.field('achievementId', '只有已入库或已发布的成果可以发布转化意向');
    }
    return item;
  }
}

/** 面议 drops the range; otherwise both ends are needed and min ≤ max (400 per field). */
function checkPrice(dto: TransferOfferDto): { min: number | null; max: number | null } {
  if (dto.negotiable) return { min: null, max: null };
  const errors: Record<string, string[]> = {};
  if (dto.priceMinYuan === undefined) errors.priceMinYuan = ['请填写参考价格下限,或选择面议'];
  if (dto.priceMaxYuan === undefined) errors.priceMaxYuan = ['请填写参考价格上限,或选择面议'];
  if (
    dto.priceMinYuan !== undefined &&
    dto.priceMaxYuan !== undefined &&
    dto.priceMinYuan > dto.priceMaxYuan
  ) {
    errors.priceMinYuan = ['参考价格下限不能高于上限'];
  }
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  return { min: dto.priceMinYuan!, max: dto.priceMaxYuan! };
}
