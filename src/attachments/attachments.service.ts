import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { AchievementState } from '../../workflows/achievement.machine';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import type { Achievement } from '../achievements/achievement.entity';
import { AchievementsService } from '../achievements/achievements.service';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SecurityLogService } from '../security-log/security-log.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { attachmentTooLarge, detectAllowedType, sanitizeFileName } from './attachment-files';
import type { Attachment, AttachmentKind } from './attachment.entity';
import { toAttachmentView, type AttachmentView } from './attachment.view';
import { AttachmentsRepository } from './attachments.repository';
import { FileStore, sha256Of } from './file-store';

type AllowedType = NonNullable<Awaited<ReturnType<typeof detectAllowedType>>>;

/** Attachments may change only while the unit still holds the item. */
const EDITABLE_STATES: readonly string[] = ['draft', 'returned'] satisfies AchievementState[];

/** What the multipart parser hands over for the `file` part. */
export interface UploadedBinary {
  originalname: string;
  buffer: Buffer;
}

export interface AttachmentDownload {
  attachment: AttachmentView;
  stream: ReadStream;
}

/**
 * Files attached to an achievement. Seeing them follows the item's visibility; adding and removing
 * them is the owning unit's submitter's, in draft or returned only, and each change is an audited
 * record in the item's chain written in the same transaction as the attachment row.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly runner: WorkflowRunner,
    private readonly achievements: AchievementsService,
    private readonly files: FileStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly securityLog: SecurityLogService,
  ) {}

  async upload(
    user: AuthUser,
    achievementId: string,
    file: UploadedBinary | undefined,
    kind: AttachmentKind,
  ): Promise<AttachmentView> {
    const item = await this.achievements.assertVisible(user, achievementId);
    assertOwnersSubmitter(user, item, '只有成果所属单位的申报人可以上传附件');
    assertEditable(item.workflow.state, '只有草稿或退回修改状态的成果可以上传附件');
    if (!file) throw InvalidInputError.field('file', '请选择要上传的文件');
    const type = await this.acceptable(file);

    const row = {
      id: randomUUID(),
      kind,
      fileName: sanitizeFileName(file.originalname, type),
      mimeType: type.mime,
      size: file.buffer.length,
      sha256: sha256Of(file.buffer),
    };
    await this.files.put(row.sha256, file.buffer);
    let uploadedAt = this.clock.now();
    try {
      await this.runner.record(
        achievementWorkflow,
        item.workflow.id,
        {
          type: 'ATTACHMENT_ADDED',
          actor: toWorkflowActor(user),
          actorRole: 'submitter',
          payload: {
            attachmentId: row.id,
            fileName: row.fileName,
            sha256: row.sha256,
            size: row.size,
            kind: row.kind,
          },
        },
        {
          check: (state) => assertEditable(state, '只有草稿或退回修改状态的成果可以上传附件'),
          apply: (tx) => {
            uploadedAt = this.clock.now();
            this.attachments.add(tx, row, achievementId, user.id, uploadedAt);
            return Promise.resolve();
          },
        },
      );
    } catch (err) {
      await this.releaseIfUnused(row.sha256);
      throw err;
    }
    // A removal of the same content elsewhere may have taken the file between `put` and the commit;
    // now that this row is committed, no later removal will, so make sure the bytes are there.
    await this.files.exclusive(row.sha256, () => this.files.put(row.sha256, file.buffer));
    return {
      ...row,
      achievementId,
      uploadedBy: user.id,
      uploadedAt: uploadedAt.toISOString(),
    };
  }

  /**
   * The file's type when it may be attached (within the size limit, an accepted type by its
   * content); otherwise the per-field error. Also used to check files before the item exists.
   */
  async acceptable(file: UploadedBinary): Promise<AllowedType> {
    if (file.buffer.length > this.config.attachmentMaxBytes) {
      throw attachmentTooLarge(this.config.attachmentMaxBytes);
    }
    const type = await detectAllowedType(file.buffer);
    if (!type) {
      throw new InvalidInputError(
        { file: ['只接受 PDF、Word(DOCX)、Excel(XLSX)、JPEG 或 PNG 文件,按文件内容判断'] },
        '不支持的文件类型',
      );
    }
    return type;
  }

  async list(user: AuthUser, achievementId: string): Promise<AttachmentView[]> {
    await this.achievements.assertVisible(user, achievementId);
    const rows = await this.attachments.live(achievementId);
    return rows.map(toAttachmentView);
  }

  /** A file of an item not yet published is unpublished data: its download is logged. */
  async download(
    user: AuthUser,
    achievementId: string,
    attachmentId: string,
    clientIp: string | null = null,
  ): Promise<AttachmentDownload> {
    const item = await this.achievements.assertVisible(user, achievementId);
    const row = await this.findLive(achievementId, attachmentId);
    let handle;
    try {
      handle = await open(this.files.pathOf(row.sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new NotFoundError('附件文件缺失,请联系管理员', { attachmentId });
    }
    if (item.workflow.state !== 'published') {
      try {
        await this.securityLog.record({
          kind: 'fileDownloaded',
          actorId: user.id,
          clientIp,
          detail: { itemId: achievementId, attachmentId, fileName: row.fileName },
        });
      } catch (err) {
        await handle.close();
        throw err;
      }
    }
    return { attachment: toAttachmentView(row), stream: handle.createReadStream() };
  }

  async remove(user: AuthUser, achievementId: string, attachmentId: string): Promise<void> {
    const item = await this.achievements.assertVisible(user, achievementId);
    assertOwnersSubmitter(user, item, '只有成果所属单位的申报人可以删除附件');
    const row = await this.findLive(achievementId, attachmentId);
    const message = '成果已离开草稿或退回修改状态,附件不能删除';
    assertEditable(item.workflow.state, message);
    await this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: 'ATTACHMENT_REMOVED',
        actor: toWorkflowActor(user),
        actorRole: 'submitter',
        payload: {
          attachmentId: row.id,
          fileName: row.fileName,
          sha256: row.sha256,
          size: row.size,
          kind: row.kind,
        },
      },
      {
        check: (state) => assertEditable(state, message),
        apply: async (tx) => {
          const removed = await this.attachments.markRemoved(tx, row.id, this.clock.now(), user.id);
          if (removed !== 1) throw new ConflictError('该附件已被删除', { attachmentId });
        },
      },
    );
    await this.releaseIfUnused(row.sha256);
  }

  private async findLive(achievementId: string, attachmentId: string): Promise<Attachment> {
    const row = await this.attachments.findLive(achievementId, attachmentId);
    if (!row) throw new NotFoundError('附件不存在', { attachmentId });
    return row;
  }

  /** Deletes the stored bytes once no live attachment row refers to them. */
  private releaseIfUnused(sha256: string): Promise<void> {
    return this.files.exclusive(sha256, async () => {
      const live = await this.attachments.countLiveWith(sha256);
      if (live === 0) await this.files.remove(sha256);
    });
  }
}

function assertOwnersSubmitter(user: AuthUser, item: Achievement, message: string): void {
  if (!hasRole(user, 'submitter') || item.ownerOrganization.id !== user.organizationId) {
    throw new ForbiddenError(message);
  }
}

function assertEditable(state: string, message: string): void {
  if (!EDITABLE_STATES.includes(state)) throw new ConflictError(message, { state });
}
