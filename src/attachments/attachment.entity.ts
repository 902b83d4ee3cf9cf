import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Achievement } from '../achievements/achievement.entity';
import { User } from '../users/user.entity';

export const ATTACHMENT_KINDS = [
  'paper',
  'patentCertificate',
  'applicationProof',
  'photo',
  'other',
] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Metadata of a file attached to an achievement; the bytes live under $DATA_DIR/files/<sha256>. */
@Entity({ tableName: 'attachment' })
@Index({ properties: ['achievement', 'deletedAt'] })
export class Attachment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Achievement })
  achievement: Achievement;

  @Property({ type: 'string', length: 32 })
  kind: AttachmentKind;

  @Property({ type: 'string', length: 255 })
  fileName: string;

  @Property({ type: 'string', length: 100 })
  mimeType: string;

  @Property({ type: 'integer' })
  size: number;

  @Property({ type: 'string', length: 64 })
  sha256: string;

  @ManyToOne({ entity: () => User })
  uploadedBy: User;

  @Property({ type: t.datetime })
  uploadedAt: Date;

  @Property({ type: t.datetime, nullable: true })
  deletedAt: Date | null = null;

  @ManyToOne({ entity: () => User, nullable: true })
  deletedBy: User | null = null;
}
