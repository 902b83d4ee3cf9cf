import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import type { Achievement } from '../achievements/achievement.entity';
import {
  attachmentTooLarge,
  detectAllowedType,
  sanitizeFileName,
} from '../attachments/attachment-files';
import type { UploadedBinary } from '../attachments/attachments.service';
import { FileStore, sha256Of } from '../attachments/file-store';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/domain-errors';
import { shanghaiDay } from '../common/shanghai-time';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions, type Tx } from '../database/tx';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { RecordFindingsDto } from './dto/verification.dto';
import { assertState, onTeam, reportHash, teamRole } from './verification-rules';
import type { VerificationVisit } from './verification-visit.entity';
import { VerificationRepository } from './verification.repository';

const PHOTO_TYPES = ['jpg', 'png'];

/**
 * The team's work on site: photos while the visit is open, then the one report (checklist,
 * narrative, conclusion) whose hash the verification events carry. Each is an audited record.
 */
@Injectable()
export class VerificationFieldwork {
  constructor(
    private readonly transactions: Transactions,
    private readonly visits: VerificationRepository,
    private readonly runner: WorkflowRunner,
    private readonly files: FileStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async addPhoto(
    user: AuthUser,
    achievementId: string,
    file: UploadedBinary | undefined,
  ): Promise<void> {
    const tx = this.transactions.reader();
    const item = await this.visits.item(tx, achievementId);
    const visit = await this.teamVisit(tx, item, user);
    if (visit.reportedAt) throw new ConflictError('核查报告已记录,不能再添加照片');
    if (!file) throw InvalidInputError.field('file', '请选择要上传的照片');
    if (file.buffer.length > this.config.attachmentMaxBytes) {
      throw attachmentTooLarge(this.config.attachmentMaxBytes);
    }
    const type = await detectAllowedType(file.buffer);
    if (!type || !PHOTO_TYPES.includes(type.ext)) {
      throw new InvalidInputError(
        { file: ['现场照片只接受 JPEG 或 PNG 文件,按文件内容判断'] },
        '不支持的文件类型',
      );
    }
    const row = {
      id: randomUUID(),
      fileName: sanitizeFileName(file.originalname, type),
      mimeType: type.mime,
      size: file.buffer.length,
      sha256: sha256Of(file.buffer),
    };
    await this.files.put(row.sha256, file.buffer);
    await this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: 'VERIFICATION_PHOTO_ADDED',
        actor: toWorkflowActor(user),
        actorRole: teamRole(user),
        payload: {
          visitId: visit.id,
          attachmentId: row.id,
          fileName: row.fileName,
          sha256: row.sha256,
          size: row.size,
        },
      },
      {
        check: assertState,
        apply: async (transition) => {
          const current = await this.visits.visit(transition, visit.id);
          if (current.reportedAt) throw new ConflictError('核查报告已记录,不能再添加照片');
          this.visits.addPhoto(transition, {
            ...row,
            itemId: item.id,
            uploadedBy: user.id,
            uploadedAt: this.clock.now(),
          });
          current.photos = [...current.photos, row.id];
          current.updatedAt = this.clock.now();
        },
      },
    );
    // As in AttachmentsService: make sure the bytes are there now that the row is committed.
    await this.files.exclusive(row.sha256, () => this.files.put(row.sha256, file.buffer));
  }

  async recordFindings(
    user: AuthUser,
    achievementId: string,
    dto: RecordFindingsDto,
  ): Promise<void> {
    const tx = this.transactions.reader();
    const item = await this.visits.item(tx, achievementId);
    const visit = await this.teamVisit(tx, item, user);
    if (!visit.visitDate) throw new ConflictError('请先安排核查时间和地点');
    if (visit.reportedAt) throw new ConflictError('核查报告已记录,不能重复记录');
    if (shanghaiDay(this.clock.now()) < visit.visitDate) {
      throw new ConflictError('核查日期之前不能记录核查结果', { visitDate: visit.visitDate });
    }
    const narrative = dto.narrative.trim();
    if (!narrative) throw InvalidInputError.field('narrative', '不能为空');
    const checklist = dto.checklist.map((c) => ({
      item: c.item.trim(),
      passed: c.passed,
      ...(c.note?.trim() ? { note: c.note.trim() } : {}),
    }));
    const reportedAt = this.clock.now();
    const report = {
      visitId: visit.id,
      visitDate: visit.visitDate,
      place: visit.place,
      team: visit.team.map((m) => m.userId),
      checklist,
      narrative,
      conclusion: dto.conclusion,
      photos: visit.photos,
      reportedBy: user.id,
      reportedAt: reportedAt.toISOString(),
    };
    const hash = reportHash(report);
    await this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: 'VERIFICATION_REPORTED',
        actor: toWorkflowActor(user),
        actorRole: teamRole(user),
        payload: { ...report, reportHash: hash },
      },
      {
        check: assertState,
        apply: async (transition) => {
          const current = await this.visits.visit(transition, visit.id);
          if (current.reportedAt) throw new ConflictError('核查报告已记录,不能重复记录');
          if (current.photos.join() !== visit.photos.join()) {
            throw new ConflictError('核查照片刚有变动,请刷新后重新提交');
          }
          this.visits.saveReport(transition, current, {
            checklist,
            narrative,
            conclusion: dto.conclusion,
            reportedBy: user.id,
            reportedAt,
          });
        },
      },
    );
  }

  /** The item's visit, if the caller is on its team (403 otherwise) and it is still open. */
  private async teamVisit(tx: Tx, item: Achievement, user: AuthUser): Promise<VerificationVisit> {
    const visit = await this.visits.visitOf(tx, item.id);
    if (!onTeam(visit, user)) throw new ForbiddenError('只有核查组成员可以记录核查结果');
    assertState(item.workflow.state);
    return visit!;
  }
}
