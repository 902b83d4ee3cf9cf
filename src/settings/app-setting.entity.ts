import { Entity, PrimaryKey, PrimaryKeyProp, Property, t } from '@mikro-orm/core';

/** Admin-editable configuration, one JSON value per key; absent keys fall back to code defaults. */
@Entity({ tableName: 'app_setting' })
export class AppSetting {
  [PrimaryKeyProp]?: 'key';

  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  @Property({ type: 'json' })
  value: unknown;

  @Property({ type: t.datetime })
  updatedAt: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  updatedBy: string | null = null;
}
