import { Injectable } from '@nestjs/common';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { assertOffice } from '../common/role-policy';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { ProgressDecisionDto, ProgressDto } from './dto/library.dto';
import { assertInLibrary } from './library-states';
import { LibraryRepository } from './library.repository';
import { LibraryService } from './library.service';
import { toProgressView, type ProgressView } from './library-views';
import { randomUUID } from 'node:crypto';

/** The units' progress updates on their library items and the office's review of them. */
@Injectable()
export class LibraryProgressService {
  constructor(
    private readonly library: LibraryService,
    private readonly entries: LibraryRepository,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
  ) {}

  async submitProgress(
    user: AuthUser,
    achievementId: string,
    dto: ProgressDto,
  ): Promise<ProgressView> {
    const entry = await this.library.visibleEntry(user, achievementId);
    if (
      !hasRole(user, 'submitter') ||
      entry.achievement.ownerOrganization.id !== user.organizationId
    ) {
      throw new ForbiddenError('只有成果所属单位的申报人可以报送最新进展');
    }
    const title = dto.title.trim();
    const content = dto.content.trim();
    if (!title) throw InvalidInputError.field('title', '不能为空');
    if (!content) throw InvalidInputError.field('content', '不能为空');
    const id = randomUUID();
    const submittedAt = this.clock.now();
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'PROGRESS_SUBMITTED',
        actor: toWorkflowActor(user),
        actorRole: 'submitter',
        payload: { progressId: id, title },
      },
      {
        check: assertInLibrary,
        apply: (tx) => {
          this.entries.addProgress(tx, {
            id,
            achievementId,
            title,
            content,
            submittedBy: user.id,
            submittedAt,
          });
          return Promise.resolve();
        },
      },
    );
    return toProgressView(await this.entries.progress(id));
  }

  async decideProgress(
    user: AuthUser,
    achievementId: string,
    progressId: string,
    dto: ProgressDecisionDto,
  ): Promise<ProgressView> {
    assertOffice(user, '只有省办工作人员可以审核最新进展');
    const comment = dto.comment?.trim() || null;
    if (dto.decision === 'reject' && !comment) {
      throw InvalidInputError.field('comment', '退回最新进展必须填写理由');
    }
    const entry = await this.library.visibleEntry(user, achievementId);
    const progress = await this.entries.progressOfItem(progressId, achievementId);
    if (!progress) throw new NotFoundError('最新进展不存在', { progressId });
    if (progress.status !== 'pending') {
      throw new ConflictError('该进展已审核', { status: progress.status });
    }
    const status = dto.decision === 'approve' ? 'approved' : 'rejected';
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: status === 'approved' ? 'PROGRESS_APPROVED' : 'PROGRESS_REJECTED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: comment ?? undefined,
        payload: { progressId, submittedAt: progress.submittedAt.toISOString() },
      },
      {
        check: assertInLibrary,
        apply: async (tx) => {
          const updated = await this.entries.decideProgress(tx, progressId, {
            status,
            decidedBy: user.id,
            decidedAt: this.clock.now(),
            decisionComment: comment,
          });
          if (updated !== 1) throw new ConflictError('该进展已审核');
          if (status !== 'approved') return;
          const row = await this.entries.entryIn(tx, entry.id);
          if (!row.latestProgressAt || row.latestProgressAt < progress.submittedAt) {
            row.latestProgressAt = progress.submittedAt;
          }
        },
      },
    );
    return toProgressView(await this.entries.progress(progressId));
  }
}
