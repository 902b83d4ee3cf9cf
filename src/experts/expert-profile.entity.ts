import { Entity, OneToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/user.entity';

export interface DeclaredConflict {
  kind: 'organization' | 'person';
  name: string;
  note?: string;
}

/**
 * What the evaluation needs to know about an expert beyond the user row: fields of expertise (keys
 * of the "315" strategic domains), title, the group their organisation belongs to, declared
 * conflicts, and whether they take assignments. Organisation and city come from the user's
 * organisation. A user with the expert role but no profile is in the pool with no declared
 * expertise. Credit is derived from facts, never stored (see CreditService).
 */
@Entity({ tableName: 'expert_profile' })
export class ExpertProfile {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @OneToOne({ entity: () => User, owner: true, unique: true })
  user: User;

  @Property({ type: 'json' })
  domains: string[] = [];

  @Property({ type: 'string', length: 50, nullable: true })
  title: string | null = null;

  /** The parent body or group of the expert's organisation (上级单位/所属集团), for conflicts. */
  @Property({ type: 'string', length: 200, nullable: true })
  parentOrganization: string | null = null;

  @Property({ type: 'json' })
  declaredConflicts: DeclaredConflict[] = [];

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: t.datetime })
  updatedAt: Date;

  @Property({ type: 'string', length: 64 })
  updatedBy: string;
}
