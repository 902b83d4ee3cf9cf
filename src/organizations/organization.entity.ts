import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { ORGANIZATION_TYPES, type OrganizationType } from '../reference/organization-type';

@Entity({ tableName: 'organization' })
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 200, unique: true })
  name: string;

  @Enum({ items: () => [...ORGANIZATION_TYPES], type: 'string', nativeEnumName: undefined })
  type: OrganizationType;

  @Index()
  @Property({ type: 'string', length: 20 })
  city: string;

  @Property({ type: 'string', length: 50, nullable: true })
  county: string | null = null;

  /** The body this one reports through; null means it reports to the province directly. */
  @ManyToOne({ entity: () => Organization, nullable: true })
  reportsThrough: Organization | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;
}
