import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { emOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';
import { Attachment, type AttachmentKind } from './attachment.entity';

/** The stored fields of a new attachment; the item, uploader and time come separately. */
export interface NewAttachment {
  id: string;
  kind: AttachmentKind;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
}

@Injectable()
export class AttachmentsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Adds the row in the caller's transaction (the runner's, with the item's audit record). */
  add(
    tx: Tx,
    row: NewAttachment,
    achievementId: string,
    uploadedBy: string,
    uploadedAt: Date,
  ): void {
    const em = emOf(tx);
    em.create(Attachment, {
      ...row,
      achievement: em.getReference(Achievement, achievementId),
      uploadedBy: em.getReference(User, uploadedBy),
      uploadedAt,
      deletedAt: null,
      deletedBy: null,
    });
  }

  /** The item's attachments not removed, oldest first. */
  live(achievementId: string): Promise<Attachment[]> {
    return this.em
      .fork()
      .find(
        Attachment,
        { achievement: achievementId, deletedAt: null },
        { orderBy: { uploadedAt: 'asc', id: 'asc' } },
      );
  }

  findLive(achievementId: string, attachmentId: string): Promise<Attachment | null> {
    return this.em
      .fork()
      .findOne(Attachment, { id: attachmentId, achievement: achievementId, deletedAt: null });
  }

  /**
   * Marks the row removed in the caller's transaction, if no one removed it first; the number of
   * rows it changed (0 or 1).
   */
  markRemoved(tx: Tx, attachmentId: string, at: Date, by: string): Promise<number> {
    return emOf(tx).nativeUpdate(
      Attachment,
      { id: attachmentId, deletedAt: null },
      { deletedAt: at, deletedBy: by },
    );
  }

  /** How many live attachments, of any item, hold these bytes. */
  countLiveWith(sha256: string): Promise<number> {
    return this.em.fork().count(Attachment, { sha256, deletedAt: null });
  }
}
