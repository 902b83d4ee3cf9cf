import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/**
 * A strategic field of the "315" system. Editable data: the seeded list is provisional until the
 * province confirms it (see docs/architecture.md).
 */
@Entity({ tableName: 'strategic_domain' })
export class StrategicDomain {
  [PrimaryKeyProp]?: 'key';

  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  @Property({ type: 'string', length: 100 })
  name: string;

  /** One of the three highlands: 互联网+, 生命健康, 新材料. */
  @Property({ type: 'string', length: 50 })
  highland: string;

  @Property({ type: 'boolean' })
  provisional: boolean = false;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'integer' })
  sortOrder: number = 0;
}
