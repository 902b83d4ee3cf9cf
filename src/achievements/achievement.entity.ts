import { Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { Organization } from '../organizations/organization.entity';
import { StrategicDomain } from '../reference/strategic-domain.entity';
import { User } from '../users/user.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import {
  CATEGORIES,
  LEVEL_CLAIMS,
  type Category,
  type LevelClaim,
} from '../reference/achievement-category';

export interface CompletingUnit {
  name: string;
  /** The unit's parent body or group (上级单位/所属集团), used to find conflicts of interest. */
  parent?: string;
}
export interface Completer {
  name: string;
  unit: string;
  title?: string;
}
export interface IpDeclaration {
  owner: string;
  patents: string[];
  noDispute: boolean;
}
export interface Paper {
  journal: string;
  year: number;
  doi: string;
  title?: string;
}
/** Category evidence; which fields apply depends on the category (see the DTOs). */
export interface Evidence {
  papers?: Paper[];
  replaces?: string;
  industrialization?: string;
  project?: string;
  usage?: string;
}

/** The record of an achievement. Its workflow state lives in `workflow`, written only by the runner. */
@Entity({ tableName: 'achievement' })
// The lists' newest-first walk; with the workflow and the owner, a filtered list (state 已入库 and a
// city) checks each row it passes over without reading the achievement's wide row, only the
// matches' (this month's 22,000 items in progress lie before the first library item).
@Index({ properties: ['createdAt', 'id', 'workflow', 'ownerOrganization'] })
// The month's collection status counts a batch's items per collecting body: looked up by the
// workflow, the body is read off this index alone, not off the achievement's (wide) row.
@Index({ properties: ['workflow', 'recommenderOrganization'] })
// A unit's or a city's items with the statistics' filter columns, read on the index alone (the
// process report's due expert seats of a city: its items' ids without reading their rows).
@Index({
  name: 'achievement_owner_dims_index',
  properties: ['ownerOrganization', 'id', 'domain', 'category'],
})
export class Achievement {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @OneToOne({ entity: () => WorkflowInstance, owner: true, unique: true })
  workflow: WorkflowInstance;

  @ManyToOne({ entity: () => Organization })
  ownerOrganization: Organization;

  @ManyToOne({ entity: () => Organization })
  recommenderOrganization: Organization;

  @ManyToOne({ entity: () => User })
  createdBy: User;

  @Property({ type: 'string', length: 200 })
  title: string;

  @Property({ type: 'text' })
  summary: string;

  @Enum({ items: () => [...CATEGORIES], type: 'string' })
  category: Category;

  @ManyToOne({ entity: () => StrategicDomain })
  domain: StrategicDomain;

  @Enum({ items: () => [...LEVEL_CLAIMS], type: 'string' })
  levelClaim: LevelClaim;

  @Property({ type: 'boolean' })
  breaksMonopoly: boolean = false;

  @Property({ type: 'boolean' })
  fillsGap: boolean = false;

  @Property({ type: 'json' })
  completingUnits: CompletingUnit[];

  @Property({ type: 'json' })
  completers: Completer[];

  @Property({ type: 'json' })
  ip: IpDeclaration;

  @Property({ type: 'json' })
  evidence: Evidence;

  @Property({ type: t.datetime })
  createdAt: Date;

  @Property({ type: t.datetime })
  updatedAt: Date;
}
