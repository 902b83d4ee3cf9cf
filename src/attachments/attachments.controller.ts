import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Req,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { uuidParam } from '../common/uuid-param';
import { contentDisposition } from './attachment-files';
import { ATTACHMENT_KINDS } from './attachment.entity';
import type { AttachmentView } from './attachment.view';
import { AttachmentsService, type UploadedBinary } from './attachments.service';
import { UploadAttachmentDto } from './dto/upload-attachment.dto';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';

const achievementId = uuidParam('成果', 'id', '4');
const attachmentId = uuidParam('附件', 'attachmentId', '4');

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('api/achievements/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF、DOCX、XLSX、JPEG 或 PNG' },
        kind: { type: 'string', enum: [...ATTACHMENT_KINDS] },
      },
    },
  })
  // The size limit and the other multer options come from MulterModule in AttachmentsModule.
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @UploadedFile() file: UploadedBinary | undefined,
    @Body() body: UploadAttachmentDto,
  ): Promise<AttachmentView> {
    return this.attachments.upload(user, id, file, body.kind);
  }

  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
  ): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  @Get(':attachmentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Param('attachmentId', attachmentId) fileId: string,
    @Req() req: Request,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.attachments.download(
      user,
      id,
      fileId,
      req.ip ?? null,
    );
    return new StreamableFile(stream, {
      type: attachment.mimeType,
      length: attachment.size,
      disposition: contentDisposition(attachment.fileName),
    });
  }

  @Delete(':attachmentId')
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Param('attachmentId', attachmentId) fileId: string,
  ): Promise<void> {
    return this.attachments.remove(user, id, fileId);
  }
}
