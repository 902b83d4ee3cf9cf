import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

/** A prefecture-level city (设区市) of Zhejiang. */
@Entity({ tableName: 'city' })
export class City {
  [PrimaryKeyProp]?: 'name';

  @PrimaryKey({ type: 'string', length: 20 })
  name: string;

  @Property({ type: 'boolean' })
  subProvincial: boolean = false;

  @Property({ type: 'integer' })
  sortOrder: number = 0;
}
