import { Injectable } from '@nestjs/common';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { assertOffice } from '../common/role-policy';
import { shanghaiDay } from '../common/shanghai-time';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import { LIBRARY_FLAGS, type LibraryFlagsDto, type TrackingEvaluationDto } from './dto/library.dto';
import { assertInLibrary } from './library-states';
import { LibraryRepository } from './library.repository';
import { LibraryService } from './library.service';
import { flagsOf, type LibraryDetailView } from './library-views';
import { randomUUID } from 'node:crypto';

/** The office's tracking of library items: evaluations and flags, each an audited record. */
@Injectable()
export class LibraryTrackingService {
  constructor(
    private readonly library: LibraryService,
    private readonly entries: LibraryRepository,
    private readonly runner: WorkflowRunner,
    private readonly clock: Clock,
  ) {}

  async recordEvaluation(
    user: AuthUser,
    achievementId: string,
    dto: TrackingEvaluationDto,
  ): Promise<LibraryDetailView> {
    assertOffice(user, '只有省办工作人员可以记录跟踪评价');
    checkDay('date', dto.date);
    if (dto.date > shanghaiDay(this.clock.now())) {
      throw InvalidInputError.field('date', '评价日期不能晚于今天');
    }
    const evaluator = dto.evaluator.trim();
    const findings = dto.findings.trim();
    if (!evaluator) throw InvalidInputError.field('evaluator', '不能为空');
    if (!findings) throw InvalidInputError.field('findings', '不能为空');
    const entry = await this.library.visibleEntry(user, achievementId);
    const id = randomUUID();
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'TRACKING_EVALUATION_RECORDED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        payload: {
          evaluationId: id,
          type: dto.type,
          evaluator,
          date: dto.date,
          rating: dto.rating,
        },
      },
      {
        check: assertInLibrary,
        apply: (tx) => {
          this.entries.addEvaluation(tx, {
            id,
            achievementId,
            type: dto.type,
            evaluator,
            evaluatedOn: dto.date,
            findings,
            rating: dto.rating,
            recordedBy: user.id,
            recordedAt: this.clock.now(),
          });
          return Promise.resolve();
        },
      },
    );
    return this.library.get(user, achievementId);
  }

  async setFlags(
    user: AuthUser,
    achievementId: string,
    dto: LibraryFlagsDto,
  ): Promise<LibraryDetailView> {
    assertOffice(user, '只有省办工作人员可以设置成果标记');
    const reason = dto.reason.trim();
    if (!reason) throw InvalidInputError.field('reason', '不能为空');
    const changes = Object.fromEntries(
      LIBRARY_FLAGS.filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]!]),
    );
    if (Object.keys(changes).length === 0) {
      throw InvalidInputError.field(
        LIBRARY_FLAGS[0],
        `请至少设置一个标记(${LIBRARY_FLAGS.join('、')})`,
      );
    }
    const entry = await this.library.visibleEntry(user, achievementId);
    const before = flagsOf(entry);
    if (Object.entries(changes).every(([f, v]) => before[f as keyof typeof before] === v)) {
      throw new ConflictError('标记没有变化', { flags: before });
    }
    await this.runner.record(
      achievementWorkflow,
      entry.achievement.workflow.id,
      {
        type: 'LIBRARY_FLAGS_CHANGED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        comment: reason,
        payload: { before, after: { ...before, ...changes } },
      },
      {
        check: assertInLibrary,
        apply: async (tx) => {
          const row = await this.entries.entryIn(tx, entry.id);
          if (JSON.stringify(flagsOf(row)) !== JSON.stringify(before)) {
            throw new ConflictError('标记刚被他人修改,请刷新后重试');
          }
          this.entries.assignFlags(tx, row, changes);
        },
      },
    );
    return this.library.get(user, achievementId);
  }
}

function checkDay(field: string, day: string): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw InvalidInputError.field(field, '不是有效的日期');
  }
}
