import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { CATEGORY_LABELS } from './achievement-category';
import { ORGANIZATION_TYPE_LABELS } from './organization-type';
import { ConflictError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import type { City } from './city.entity';
import type { CreateDomainDto, UpdateDomainDto, UpdateLabelDto } from './dto/reference.dto';
import { LABEL_KINDS, ReferenceLabel, type LabelKind } from './reference-label.entity';
import { ReferenceRepository } from './reference.repository';
import type { StrategicDomain } from './strategic-domain.entity';

@Injectable()
export class ReferenceService implements OnApplicationBootstrap {
  constructor(private readonly reference: ReferenceRepository) {}

  /**
   * Category and organisation-type names are read by many pure view builders (items, library,
   * catalogue, exports, editions, statistics, organisations, period status) through
   * CATEGORY_LABELS and ORGANIZATION_TYPE_LABELS, so the admin's names are copied into them: at
   * start, after every edit here, and every minute, which is how an edit made on another instance
   * arrives. One in-memory copy instead of a query per view.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.refreshLabels();
  }

  @Interval('reference-labels', 60_000)
  async refreshLabels(): Promise<void> {
    const rows = await this.reference.allLabels();
    for (const { kind, key, label } of rows) {
      const names: Record<string, string> =
        kind === 'category' ? CATEGORY_LABELS : ORGANIZATION_TYPE_LABELS;
      if (key in names) names[key] = label;
    }
  }

  domains(includeInactive = false): Promise<StrategicDomain[]> {
    return this.reference.domains(includeInactive);
  }

  async activeDomain(key: string): Promise<StrategicDomain | null> {
    return this.reference.activeDomain(key);
  }

  async createDomain(dto: CreateDomainDto): Promise<StrategicDomain> {
    if (await this.reference.domainExists(dto.key)) {
      throw new ConflictError('该领域标识已存在', { errors: { key: ['该领域标识已存在'] } });
    }
    return this.reference.createDomain(dto);
  }

  async updateDomain(key: string, dto: UpdateDomainDto): Promise<StrategicDomain> {
    const domain = await this.reference.domain(key);
    if (!domain) throw new NotFoundError('领域不存在', { key });
    return this.reference.updateDomain(domain, dto);
  }

  /** Display names of coded values (categories, organisation types), editable by an admin. */
  labels(kind?: string): Promise<ReferenceLabel[]> {
    if (kind !== undefined && !LABEL_KINDS.includes(kind as LabelKind)) {
      throw InvalidInputError.field('kind', `必须是 ${LABEL_KINDS.join('、')} 之一`);
    }
    return this.reference.labels(kind ? (kind as LabelKind) : undefined);
  }

  async updateLabel(kind: string, key: string, dto: UpdateLabelDto): Promise<ReferenceLabel> {
    const label = await this.reference.label(kind as LabelKind, key);
    if (!label) throw new NotFoundError('该标签不存在', { kind, key });
    await this.reference.updateLabel(label, dto);
    await this.refreshLabels();
    return label;
  }

  cities(): Promise<City[]> {
    return this.reference.cities();
  }
}
