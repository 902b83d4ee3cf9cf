import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AchievementEventType } from '../../workflows/achievement.machine';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import type { Achievement } from '../achievements/achievement.entity';
import { AchievementsService } from '../achievements/achievements.service';
import type { UploadedBinary } from '../attachments/attachments.service';
import { hasRole, toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { assertOffice } from '../common/role-policy';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { shanghaiDay } from '../common/shanghai-time';
import { Transactions, type Tx } from '../database/tx';
import { NotificationsService } from '../notifications/notifications.service';
import { TimerService } from '../scheduling/timer.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { FormTeamDto, RecordFindingsDto, ScheduleVisitDto } from './dto/verification.dto';
import { FormVerificationTeam } from './form-team.use-case';
import { VerificationFieldwork } from './verification-fieldwork.service';
import { STATE, assertState, endOfDay, onTeam, reportHash, reportOf } from './verification-rules';
import type { TeamMember, VerificationVisit } from './verification-visit.entity';
import { VerificationRepository } from './verification.repository';

export const OVERDUE_TIMER = 'verification.overdue';

export interface VerificationView {
  id: string;
  achievementId: string;
  /** The item's title: team experts cannot open the item itself outside scoring. */
  title: string;
  team: TeamMember[];
  formedAt: string;
  visitDate: string | null;
  place: string | null;
  report: {
    checklist: VerificationVisit['checklist'];
    narrative: string | null;
    conclusion: VerificationVisit['conclusion'];
    reportedBy: string | null;
    reportedAt: string;
    hash: string;
  } | null;
  photos: { id: string; fileName: string; size: number; sha256: string }[];
  /** The visit day has passed with no report. */
  overdue: boolean;
}

/**
 * On-site verification (现场核查) of an item in `onSiteVerification`: the office forms a team
 * (office staff and experts, under the same conflict rules and office decisions as expert panels)
 * and schedules the visit; the team records photos and its report. Each step is an audited record
 * in the item's chain. Once a visit exists, CONFIRM_VERIFICATION needs a recorded report that
 * concludes "pass"; both verification events carry the report's reference into their audit row.
 */
@Injectable()
export class VerificationService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly visits: VerificationRepository,
    private readonly runner: WorkflowRunner,
    private readonly achievements: AchievementsService,
    private readonly formTeamCase: FormVerificationTeam,
    private readonly fieldwork: VerificationFieldwork,
    private readonly timers: TimerService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const type of ['CONFIRM_VERIFICATION', 'FAIL_VERIFICATION'] as AchievementEventType[]) {
      this.achievements.providePayload(type, (user, item) => this.eventPayload(user, item, type));
    }
    this.timers.register(OVERDUE_TIMER, (timer) =>
      this.remindOverdue(String(timer.payload.visit), String(timer.payload.date)),
    );
  }

  async get(user: AuthUser, achievementId: string): Promise<VerificationView> {
    const tx = this.transactions.reader();
    const item = await this.visits.item(tx, achievementId);
    const visit = await this.visits.visitOf(tx, item.id);
    // The unit hosts the visit, so it sees the team and the schedule, but not the report before
    // the office decides on it.
    const host = item.ownerOrganization.id === user.organizationId;
    if (!hasRole(user, 'officeStaff', 'admin') && !onTeam(visit, user) && !host) {
      throw new ForbiddenError('只有省办工作人员、核查组成员和成果所属单位可以查看现场核查');
    }
    if (!visit) throw new NotFoundError('该成果尚未组建现场核查组', { achievementId });
    const view = { ...(await this.view(tx, visit)), title: item.title };
    if (host && !hasRole(user, 'officeStaff', 'admin') && !onTeam(visit, user)) {
      return { ...view, report: null, photos: [] };
    }
    return view;
  }

  /** The office forms the team (see FormVerificationTeam). */
  async formTeam(
    user: AuthUser,
    achievementId: string,
    dto: FormTeamDto,
  ): Promise<VerificationView> {
    await this.formTeamCase.execute(user, achievementId, dto);
    return this.get(user, achievementId);
  }

  async schedule(
    user: AuthUser,
    achievementId: string,
    dto: ScheduleVisitDto,
  ): Promise<VerificationView> {
    assertOffice(user, '只有省办工作人员可以安排现场核查');
    const date = dto.date;
    const parsed = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      throw InvalidInputError.field('date', '不是有效的日期');
    }
    if (date < shanghaiDay(this.clock.now())) {
      throw InvalidInputError.field('date', '核查日期不能早于今天');
    }
    const place = dto.place.trim();
    if (!place) throw InvalidInputError.field('place', '不能为空');
    const tx = this.transactions.reader();
    const item = await this.visits.item(tx, achievementId);
    assertState(item.workflow.state);
    const visit = await this.visits.visitOf(tx, item.id);
    if (!visit) throw new ConflictError('请先组建核查组');
    if (visit.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查安排');

    await this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: 'VERIFICATION_SCHEDULED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        payload: { visitId: visit.id, date, place, previousDate: visit.visitDate },
      },
      {
        check: assertState,
        apply: async (tx) => {
          const row = await this.visits.visit(tx, visit.id);
          if (row.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查安排');
          row.visitDate = date;
          row.place = place;
          row.updatedAt = this.clock.now();
          // Keyed on the date: a new date arms a new reminder, and the old one, finding the
          // visit moved, does nothing.
          await this.notifications.notify(tx, {
            recipients: await this.notifications.recipientsWithRole(
              tx,
              item.ownerOrganization.id,
              'submitter',
            ),
            kind: 'verification.scheduled',
            subject: `现场核查安排:《${item.title}》`,
            body: `省办将于 ${date} 在「${place}」对该成果进行现场核查,核查组成员:${row.team.map((m) => m.name).join('、')}。`,
            link: `/achievements/${item.id}`,
            dedupeKey: `verification-scheduled:${visit.id}:${date}:${place}`.slice(0, 200),
          });
          await this.timers.schedule(
            {
              kind: OVERDUE_TIMER,
              key: `${visit.id}:${date}`,
              dueAt: endOfDay(date),
              payload: { visit: visit.id, date },
            },
            tx,
          );
        },
      },
    );
    return this.get(user, achievementId);
  }

  /** A photo from the visit, by a team member (see VerificationFieldwork). */
  async addPhoto(
    user: AuthUser,
    achievementId: string,
    file: UploadedBinary | undefined,
  ): Promise<VerificationView> {
    await this.fieldwork.addPhoto(user, achievementId, file);
    return this.get(user, achievementId);
  }

  /** The team's report (see VerificationFieldwork). */
  async recordFindings(
    user: AuthUser,
    achievementId: string,
    dto: RecordFindingsDto,
  ): Promise<VerificationView> {
    await this.fieldwork.recordFindings(user, achievementId, dto);
    return this.get(user, achievementId);
  }

  /**
   * What CONFIRM_VERIFICATION and FAIL_VERIFICATION carry: the report's reference and hash. Only
   * the office's own sends are checked here; anyone else is refused by the runner (403/409).
   */
  private async eventPayload(
    user: AuthUser,
    item: Achievement,
    type: AchievementEventType,
  ): Promise<Record<string, unknown>> {
    if (!hasRole(user, 'officeStaff') || item.workflow.state !== STATE) return {};
    const visit = await this.visits.visitOf(this.transactions.reader(), item.id);
    if (!visit) return {};
    if (type === 'CONFIRM_VERIFICATION') {
      if (!visit.reportedAt) {
        throw new ConflictError('已安排现场核查,须先由核查组记录核查报告', { visitId: visit.id });
      }
      if (visit.conclusion !== 'pass') {
        throw new ConflictError('核查结论为不通过,不能确认核查通过', { visitId: visit.id });
      }
    }
    return {
      verification: {
        visitId: visit.id,
        visitDate: visit.visitDate,
        conclusion: visit.conclusion,
        reportedAt: visit.reportedAt?.toISOString() ?? null,
        reportHash: visit.reportedAt ? reportHash(reportOf(visit)) : null,
      },
    };
  }

  /** A visit day passed without a report: the team and the office hear of it, once. */
  private async remindOverdue(visitId: string, date: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const visit = await this.visits.visitWithItem(tx, visitId);
      if (!visit || visit.reportedAt || visit.visitDate !== date) return;
      const item = visit.achievement;
      if (item.workflow.state !== STATE) return;
      // The notifications still take an EntityManager (ADR 0009's move); a Tx is one at run time.
      const em = tx;
      const office = await this.notifications.recipientsWithRole(em, null, 'officeStaff');
      const recipients = [
        ...new Set([...visit.team.map((m) => m.userId), ...office.map((u) => u.id)]),
      ];
      await this.notifications.notify(em, {
        recipients,
        kind: 'verification.overdue',
        subject: `现场核查待记录:《${item.title}》`,
        body: `该成果的现场核查原定于 ${date} 在「${visit.place ?? ''}」进行,至今尚未记录核查结果。请核查组尽快记录,或由省办调整核查安排。`,
        link: `/achievements/${item.id}`,
        dedupeKey: `verification-overdue:${visit.id}:${date}`,
      });
    });
  }

  /** Open visits (not yet reported, item still in verification) the user sits on the team of. */
  async teamVisits(user: AuthUser): Promise<VerificationView[]> {
    const tx = this.transactions.reader();
    const visits = await this.visits.openVisits(tx);
    return Promise.all(
      visits
        .filter((v) => onTeam(v, user))
        .map(async (v) => ({ ...(await this.view(tx, v)), title: v.achievement.title })),
    );
  }

  private async view(tx: Tx, visit: VerificationVisit): Promise<Omit<VerificationView, 'title'>> {
    const photos = await this.visits.photos(tx, visit.photos);
    return {
      id: visit.id,
      achievementId: visit.achievement.id,
      team: visit.team,
      formedAt: visit.formedAt.toISOString(),
      visitDate: visit.visitDate,
      place: visit.place,
      report: visit.reportedAt
        ? {
            checklist: visit.checklist,
            narrative: visit.narrative,
            conclusion: visit.conclusion,
            reportedBy: visit.reportedBy?.id ?? null,
            reportedAt: visit.reportedAt.toISOString(),
            hash: reportHash(reportOf(visit)),
          }
        : null,
      photos: photos.map((p) => ({
        id: p.id,
        fileName: p.fileName,
        size: p.size,
        sha256: p.sha256,
      })),
      overdue:
        !visit.reportedAt &&
        !!visit.visitDate &&
        this.clock.now().getTime() >= endOfDay(visit.visitDate).getTime(),
    };
  }
}
