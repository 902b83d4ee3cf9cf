import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { City } from './city.entity';
import type { CreateDomainDto, UpdateDomainDto } from './dto/domain.dto';
import { StrategicDomain } from './strategic-domain.entity';

@Injectable()
export class ReferenceService {
  constructor(private readonly em: EntityManager) {}

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

  cities(): Promise<City[]> {
    return this.em.find(City, {}, { orderBy: { sortOrder: 'asc' } });
  }
}
