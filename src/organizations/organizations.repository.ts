import { EntityManager, type RequiredEntityData } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { City } from '../reference/city.entity';
import { Organization } from './organization.entity';

/** The organisations and the reporting tree they form. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly em: EntityManager) {}

  async cityExists(name: string): Promise<boolean> {
    return (await this.em.count(City, { name })) > 0;
  }

  async nameTaken(name: string): Promise<boolean> {
    return (await this.em.count(Organization, { name })) > 0;
  }

  find(id: string): Promise<Organization | null> {
    return this.em.findOne(Organization, id);
  }

  findOrFail(id: string): Promise<Organization> {
    return this.em.findOneOrFail(Organization, id);
  }

  async create(data: RequiredEntityData<Organization>): Promise<Organization> {
    const org = this.em.create(Organization, data);
    await this.em.flush();
    return org;
  }

  list(): Promise<Organization[]> {
    return this.em.find(Organization, {}, { orderBy: { city: 'asc', name: 'asc' } });
  }
}
