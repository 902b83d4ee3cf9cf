import { Entity, ManyToOne, PrimaryKey, Property, Unique, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

/** A collecting body's explicit "nothing to report this month" (零报告), with who and when. */
@Entity({ tableName: 'nil_report' })
@Unique({ properties: ['organization', 'period'] })
export class NilReport {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Organization })
  organization: Organization;

  @Property({ type: 'string', length: 7 })
  period: string;

  @ManyToOne({ entity: () => User })
  filedBy: User;

  @Property({ type: t.datetime })
  filedAt: Date;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;
}
