import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../attachment.entity';

/** The text fields of the multipart upload; the file itself arrives in the part named `file`. */
export class UploadAttachmentDto {
  @ApiProperty({ enum: ATTACHMENT_KINDS, description: '论文、专利证书、应用证明、照片或其他' })
  @IsIn(ATTACHMENT_KINDS)
  kind: AttachmentKind;
}
