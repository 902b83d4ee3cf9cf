import { Inject, Injectable } from '@nestjs/common';
import type { Achievement } from '../../achievements/achievement.entity';
import type { AuthUser } from '../../access/auth-user';
import { Clock } from '../../common/clock';
import { closesAt, periodFor } from '../../collection/collection-calendar';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { EvaluationService } from '../../evaluation/evaluation.service';
import type { VerificationVisit } from '../../verification/verification-visit.entity';
import type { TaskItem } from './tasks.view-model';
import type { GroupDef } from './worklist-groups';
import { WorklistRowsRepository } from './worklist-rows.repository';
import { WorklistRepository } from './worklist.repository';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * What each group's rows say beyond the item: the deadline that applies to the group (the batch
 * close for recommenders, the seat for experts, the visit day for the office's verification),
 * whether it has passed, and a note (missing files, the visit's place). Worked out for the rows of
 * the page shown; the overdue counts over all pages come from SQL.
 */
@Injectable()
export class WorklistNotesService {
  constructor(
    private readonly repo: WorklistRepository,
    private readonly rows: WorklistRowsRepository,
    private readonly evaluation: EvaluationService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Deadlines and notes of the rows on the page shown. */
  async annotate(
    user: AuthUser,
    def: GroupDef,
    items: Achievement[],
    tasks: TaskItem[],
  ): Promise<void> {
    const now = this.clock.now().getTime();
    const ids = tasks.map((t) => t.item.id);
    if (def.key === 'drafts' && ids.length) {
      // The page's drafts are the user's own unit's (the group's filter), so no visibility check.
      const withFiles = await this.rows.withFiles(ids);
      for (const task of tasks) task.note = withFiles.has(task.item.id) ? null : '尚未上传附件';
    } else if (def.key === 'recommend') {
      // Due at the close of the batch the item could have joined when it reached this body: the
      // workflow row's last change is that arrival (every event accepted here leaves the state
      // or hands the item up a level, which is an arrival at the next body).
      items.forEach((item, i) => {
        const due = closesAt(
          periodFor(item.workflow.updatedAt, this.config.collectionCloseDay),
          this.config.collectionCloseDay,
        );
        tasks[i].deadline = due.toISOString();
        tasks[i].overdue = due.getTime() < now;
      });
    } else if (def.key === 'scoring' && tasks.length) {
      const seats = await this.evaluation.myAssignments(user);
      const dueBy = new Map(seats.map((s) => [s.achievement.id, new Date(s.dueAt)]));
      for (const task of tasks) {
        const due = dueBy.get(task.item.id) ?? null;
        task.deadline = due?.toISOString() ?? null;
        task.overdue = due !== null && due.getTime() < now;
      }
    } else if (def.key === 'verification' && ids.length) {
      const byItem = await this.rows.visits(ids);
      for (const task of tasks) visitNote(task, byItem.get(task.item.id) ?? null, now);
    }
  }

  /** The group's overdue rows over all its pages, counted in SQL. */
  async overdue(user: AuthUser, def: GroupDef, now: Date): Promise<number> {
    const closeDay = this.config.collectionCloseDay;
    if (def.key === 'recommend') {
      // Overdue once the batch it arrived in has closed: it arrived before the last close.
      const [year, month] = periodFor(now, closeDay).split('-').map(Number);
      const previous = new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
      return this.repo.arrivedBefore(user, def, closesAt(previous, closeDay));
    }
    if (def.key === 'scoring') return this.repo.seatsDueBefore(user, def, now);
    if (def.key === 'verification') {
      const today = new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
      return this.repo.visitsOverdue(user, def, today);
    }
    return 0;
  }
}

/**
 * The verification worklist's deadlines are the visit days (as VerificationService shows them);
 * each row leads to the visit page.
 */
function visitNote(task: TaskItem, visit: VerificationVisit | null, now: number): void {
  task.link = `/verification/${task.item.id}`;
  if (!visit) {
    task.note = '尚未组建核查组';
  } else if (!visit.visitDate) {
    task.note = '尚未安排核查时间';
  } else {
    const endOfDay = new Date(`${visit.visitDate}T24:00:00+08:00`);
    task.deadline = endOfDay.toISOString();
    task.overdue = !visit.reportedAt && now >= endOfDay.getTime();
    task.note = visit.reportedAt ? '核查结果已记录,待确认' : `核查地点:${visit.place ?? ''}`;
  }
}
