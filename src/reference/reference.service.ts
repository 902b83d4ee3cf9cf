import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Interval } from '@nestjs/schedule';
import { CATEGORY_LABELS, type Category } from '../achievements/achievement-category';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { City } from './city.entity';
import type { CreateDomainDto, UpdateDomainDto, UpdateLabelDto } from './dto/reference.dto';
import { LABEL_KINDS, ReferenceLabel, type LabelKind } from './reference-label.entity';
import { StrategicDomain } from './strategic-domain.entity';

@Injectable()
export class ReferenceService implements OnApplicationBootstrap {
  constructor(private readonly em: EntityManager) {}

  /**
   * Category names are read by many pure view builders (item, library, public catalogue,
   * exports, editions, statistics) through CATEGORY_LABELS, so the admin's names are copied into
   * it: at start, on every edit here, and every minute, which is how an edit made on another
   * instance arrives.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.refreshCategoryLabels();
  }

  @Interval('reference-labels', 60_000)
  async refreshCategoryLabels(): Promise<void> {
    for (const [key, label] of await this.labelsOf('category')) {
      if (key in CATEGORY_LABELS) CATEGORY_LABELS[key as Category] = label;
    }
  }

  domains(includeInactive = false): Promise<StrategicDomain[]> {
    return this.em.find(StrategicDomain, includeInactive ? {} : { active: true }, {
      orderBy: { sortOrder: 'asc', key: 'asc' },
    });
  }

  async activeDomain(key: string): Promise<StrategicDomain | null> {
    return this.em.findOne(StrategicDomain, { key, active: true });
  }

  async createDomain(dto: CreateDomainDto): Promise<StrategicDomain> {
    if (await this.em.count(StrategicDomain, { key: dto.key })) {
      throw new ConflictError('该领域标识已存在', { errors: { key: ['该领域标识已存在'] } });
    }
    const domain = this.em.create(StrategicDomain, {
      provisional: false,
      active: true,
      sortOrder: 0,
      ...dto,
    });
    await this.em.flush();
    return domain;
  }

  async updateDomain(key: string, dto: UpdateDomainDto): Promise<StrategicDomain> {
    const domain = await this.em.findOne(StrategicDomain, { key });
    if (!domain) throw new NotFoundError('领域不存在', { key });
    this.em.assign(domain, dto);
    await this.em.flush();
    return domain;
  }

  /** Display names of coded values (categories, organisation types), editable by an admin. */
  labels(kind?: string): Promise<ReferenceLabel[]> {
    if (kind !== undefined && !LABEL_KINDS.includes(kind as LabelKind)) {
      throw InvalidInputError.field('kind', `必须是 ${LABEL_KINDS.join('、')} 之一`);
    }
    return this.em.find(ReferenceLabel, kind ? { kind: kind as LabelKind } : {}, {
      orderBy: { kind: 'asc', sortOrder: 'asc' },
    });
  }

  /**
   * The display names of one kind of code as the admin last set them, by code. Forked, so timer
   * handlers outside a request can read them too.
   */
  async labelsOf(kind: LabelKind): Promise<Map<string, string>> {
    const rows = await this.em.fork().find(ReferenceLabel, { kind });
    return new Map(rows.map((r) => [r.key, r.label]));
  }

  async updateLabel(kind: string, key: string, dto: UpdateLabelDto): Promise<ReferenceLabel> {
    const label = await this.em.findOne(ReferenceLabel, { kind: kind as LabelKind, key });
    if (!label) throw new NotFoundError('该标签不存在', { kind, key });
    this.em.assign(label, dto);
    await this.em.flush();
    if (label.kind === 'category') await this.refreshCategoryLabels();
    return label;
  }

  cities(): Promise<City[]> {
    return this.em.find(City, {}, { orderBy: { sortOrder: 'asc' } });
  }
}
