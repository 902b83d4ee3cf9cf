import { Entity, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

export const LABEL_KINDS = ['category', 'organizationType'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/**
 * The display name of a coded value (a category, an organisation type). Codes are the API
 * contract and stay fixed; what people read is data the admin can edit.
 */
@Entity({ tableName: 'reference_label' })
export class ReferenceLabel {
  [PrimaryKeyProp]?: ['kind', 'key'];

  @PrimaryKey({ type: 'string', length: 32 })
  kind: LabelKind;

  @PrimaryKey({ type: 'string', length: 64 })
  key: string;

  @Property({ type: 'string', length: 100 })
  label: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'integer' })
  sortOrder: number = 0;
}
