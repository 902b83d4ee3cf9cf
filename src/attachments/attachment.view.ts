import type { Attachment, AttachmentKind } from './attachment.entity';

export interface AttachmentView {
  id: string;
  achievementId: string;
  kind: AttachmentKind;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export function toAttachmentView(row: Attachment): AttachmentView {
  return {
    id: row.id,
    achievementId: row.achievement.id,
    kind: row.kind,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy.id,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}
