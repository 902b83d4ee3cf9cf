import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { City } from './city.entity';
import type { CreateDomainDto, UpdateDomainDto, UpdateLabelDto } from './dto/reference.dto';
import { ReferenceLabel, type LabelKind } from './reference-label.entity';
import { StrategicDomain } from './strategic-domain.entity';

/** The reference data: strategic domains, display labels of coded values, the cities. */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly em: EntityManager) {}

  /** Every label, on a fork of its own (read at start and by the minute job, outside requests). */
  allLabels(): Promise<ReferenceLabel[]> {
    return this.em.fork().find(ReferenceLabel, {});
  }

  domains(includeInactive: boolean): Promise<StrategicDomain[]> {
    return this.em.find(StrategicDomain, includeInactive ? {} : { active: true }, {
      orderBy: { sortOrder: 'asc', key: 'asc' },
    });
  }

  activeDomain(key: string): Promise<StrategicDomain | null> {
    return this.em.findOne(StrategicDomain, { key, active: true });
  }

  async domainExists(key: string): Promise<boolean> {
    return (await this.em.count(StrategicDomain, { key })) > 0;
  }

  async createDomain(dto: CreateDomainDto): Promise<StrategicDomain> {
    const domain = this.em.create(StrategicDomain, {
      provisional: false,
      active: true,
      sortOrder: 0,
      ...dto,
    });
    await this.em.flush();
    return domain;
  }

  domain(key: string): Promise<StrategicDomain | null> {
    return this.em.findOne(StrategicDomain, { key });
  }

  async updateDomain(domain: StrategicDomain, dto: UpdateDomainDto): Promise<StrategicDomain> {
    this.em.assign(domain, dto);
    await this.em.flush();
    return domain;
  }

  labels(kind?: LabelKind): Promise<ReferenceLabel[]> {
    return this.em.find(ReferenceLabel, kind ? { kind } : {}, {
      orderBy: { kind: 'asc', sortOrder: 'asc' },
    });
  }

  label(kind: LabelKind, key: string): Promise<ReferenceLabel | null> {
    return this.em.findOne(ReferenceLabel, { kind, key });
  }

  async updateLabel(label: ReferenceLabel, dto: UpdateLabelDto): Promise<ReferenceLabel> {
    this.em.assign(label, dto);
    await this.em.flush();
    return label;
  }

  cities(): Promise<City[]> {
    return this.em.find(City, {}, { orderBy: { sortOrder: 'asc' } });
  }
}
