import type { AttachmentKind } from './attachment.entity';

/** The words for each attachment kind, wherever a kind is shown (pages, rule findings). */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  paper: '论文',
  patentCertificate: '专利证书',
  applicationProof: '应用证明',
  photo: '照片',
  other: '其他',
};

export function attachmentKindLabel(kind: string): string {
  return Object.hasOwn(ATTACHMENT_KIND_LABELS, kind)
    ? ATTACHMENT_KIND_LABELS[kind as AttachmentKind]
    : kind;
}
