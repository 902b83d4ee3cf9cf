import type { AttachmentKind } from './attachment.entity';

/** The attachment kinds in words (console, eligibility reasons, exports). */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  paper: '论文',
  patentCertificate: '专利证书',
  applicationProof: '应用证明',
  photo: '照片',
  other: '其他',
};
