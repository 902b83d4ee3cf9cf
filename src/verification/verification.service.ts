import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { shanghaiDay } from '../common/shanghai-time';
import { EntityManager } from '@mikro-orm/core';
import canonicalize from 'canonicalize';
import { createHash, randomUUID } from 'node:crypto';
import type { ActorRole, AchievementEventType } from '../../workflows/achievement.machine';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import { Achievement } from '../achievements/achievement.entity';
import { AchievementsService } from '../achievements/achievements.service';
import {
  attachmentTooLarge,
  detectAllowedType,
  sanitizeFileName,
} from '../attachments/attachment-files';
import { Attachment } from '../attachments/attachment.entity';
import type { UploadedBinary } from '../attachments/attachments.service';
import { FileStore, sha256Of } from '../attachments/file-store';
import { hasRole, toWorkflowActor, type AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { assertOffice } from '../common/role-policy';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CONFLICT_LABELS } from '../evaluation/conflicts/conflict-rules';
import { PanelCandidatesService } from '../evaluation/panel-candidates.service';
import { ExpertPoolService, type PoolMember } from '../experts/expert-pool.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TimerService } from '../scheduling/timer.service';
import { User } from '../users/user.entity';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { FormTeamDto, RecordFindingsDto, ScheduleVisitDto } from './dto/verification.dto';
import { VerificationVisit, type TeamMember } from './verification-visit.entity';

export const OVERDUE_TIMER = 'verification.overdue';
const STATE = 'onSiteVerification';
const DAY_MS = 24 * 60 * 60_000;
const PHOTO_TYPES = ['jpg', 'png'];

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

/** The instant a visit day ends in Asia/Shanghai. */
function endOfDay(day: string): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS);
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
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    private readonly achievements: AchievementsService,
    private readonly candidates: PanelCandidatesService,
    private readonly pool: ExpertPoolService,
    private readonly timers: TimerService,
    private readonly notifications: NotificationsService,
    private readonly files: FileStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const em = this.em.fork();
    const item = await this.loadItem(em, achievementId);
    const visit = await em.findOne(VerificationVisit, { achievement: item.id });
    // The unit hosts the visit, so it sees the team and the schedule, but not the report before
    // the office decides on it.
    const host = item.ownerOrganization.id === user.organizationId;
    if (!hasRole(user, 'officeStaff', 'admin') && !onTeam(visit, user) && !host) {
      throw new ForbiddenError('只有省办工作人员、核查组成员和成果所属单位可以查看现场核查');
    }
    if (!visit) throw new NotFoundError('该成果尚未组建现场核查组', { achievementId });
    const view = { ...(await this.view(em, visit)), title: item.title };
    if (host && !hasRole(user, 'officeStaff', 'admin') && !onTeam(visit, user)) {
      return { ...view, report: null, photos: [] };
    }
    return view;
  }

  async formTeam(
    user: AuthUser,
    achievementId: string,
    dto: FormTeamDto,
  ): Promise<VerificationView> {
    assertOffice(user, '只有省办工作人员可以组建核查组');
    const em = this.em.fork();
    const item = await this.loadItem(em, achievementId);
    assertState(item.workflow.state);
    const existing = await em.findOne(VerificationVisit, { achievement: item.id });
    if (existing?.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查组');

    const team = await this.checkTeam(em, item, dto.members);
    const now = this.clock.now();
    const visitId = existing?.id ?? randomUUID();
    await this.runner.record(
      achievementWorkflow,
      item.workflow.id,
      {
        type: 'VERIFICATION_TEAM_FORMED',
        actor: toWorkflowActor(user),
        actorRole: 'officeStaff',
        payload: {
          visitId,
          team: team.map((m) => ({ userId: m.userId, kind: m.kind })),
        },
      },
      {
        check: assertState,
        apply: async (tx) => {
          const visit = await tx.findOne(VerificationVisit, { achievement: item.id });
          if (visit?.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查组');
          if (visit && visit.id !== visitId) {
            throw new ConflictError('核查组刚被他人组建,请刷新后重试');
          }
          if (visit) {
            tx.assign(visit, { team, formedBy: tx.getReference(User, user.id), formedAt: now });
            visit.updatedAt = now;
          } else {
            tx.create(VerificationVisit, {
              id: visitId,
              achievement: tx.getReference(Achievement, item.id),
              team,
              formedBy: tx.getReference(User, user.id),
              formedAt: now,
              photos: [],
              updatedAt: now,
            });
          }
        },
      },
    );
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
    const em = this.em.fork();
    const item = await this.loadItem(em, achievementId);
    assertState(item.workflow.state);
    const visit = await em.findOne(VerificationVisit, { achievement: item.id });
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
          const row = await tx.findOneOrFail(VerificationVisit, visit.id);
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

  async addPhoto(
    user: AuthUser,
    achievementId: string,
    file: UploadedBinary | undefined,
  ): Promise<VerificationView> {
    const em = this.em.fork();
    const item = await this.loadItem(em, achievementId);
    const visit = await this.teamVisit(em, item, user);
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
        apply: async (tx) => {
          const current = await tx.findOneOrFail(VerificationVisit, visit.id);
          if (current.reportedAt) throw new ConflictError('核查报告已记录,不能再添加照片');
          tx.create(Attachment, {
            ...row,
            kind: 'photo',
            achievement: tx.getReference(Achievement, item.id),
            uploadedBy: tx.getReference(User, user.id),
            uploadedAt: this.clock.now(),
            deletedAt: null,
            deletedBy: null,
          });
          current.photos = [...current.photos, row.id];
          current.updatedAt = this.clock.now();
        },
      },
    );
    // As in AttachmentsService: make sure the bytes are there now that the row is committed.
    await this.files.exclusive(row.sha256, () => this.files.put(row.sha256, file.buffer));
    return this.get(user, achievementId);
  }

  async recordFindings(
    user: AuthUser,
    achievementId: string,
    dto: RecordFindingsDto,
  ): Promise<VerificationView> {
    const em = this.em.fork();
    const item = await this.loadItem(em, achievementId);
    const visit = await this.teamVisit(em, item, user);
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
        apply: async (tx) => {
          const current = await tx.findOneOrFail(VerificationVisit, visit.id);
          if (current.reportedAt) throw new ConflictError('核查报告已记录,不能重复记录');
          if (current.photos.join() !== visit.photos.join()) {
            throw new ConflictError('核查照片刚有变动,请刷新后重新提交');
          }
          current.checklist = checklist;
          current.narrative = narrative;
          current.conclusion = dto.conclusion;
          current.reportedBy = tx.getReference(User, user.id);
          current.reportedAt = reportedAt;
          current.updatedAt = reportedAt;
        },
      },
    );
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
    const visit = await this.em.fork().findOne(VerificationVisit, { achievement: item.id });
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
        reportHash: visit.reportedAt ? reportHash(this.reportOf(visit)) : null,
      },
    };
  }

  /** A visit day passed without a report: the team and the office hear of it, once. */
  private async remindOverdue(visitId: string, date: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const visit = await em.findOne(VerificationVisit, visitId, {
        populate: ['achievement', 'achievement.workflow'],
      });
      if (!visit || visit.reportedAt || visit.visitDate !== date) return;
      const item = visit.achievement;
      if (item.workflow.state !== STATE) return;
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

  private async checkTeam(
    em: EntityManager,
    item: Achievement,
    ids: string[],
  ): Promise<TeamMember[]> {
    const users = await em.find(User, { id: { $in: ids } }, { populate: ['organization'] });
    const byId = new Map(users.map((u) => [u.id, u]));
    const experts = new Map((await this.pool.members(em, ids)).map((m) => [m.user.id, m]));
    const errors: Record<string, string[]> = {};
    const members: PoolMember[] = [];
    const team: TeamMember[] = [];
    ids.forEach((id, i) => {
      const user = byId.get(id);
      const expert = experts.get(id);
      const staff = user?.roles.includes('officeStaff');
      if (!user || !user.active || (!expert && !staff) || (expert && !expert.available)) {
        errors[`members.${i}`] = ['不是可参加核查的人员(须为在职的省办工作人员或专家库中的专家)'];
        return;
      }
      members.push(
        expert ?? {
          user,
          profile: null,
          domains: [],
          available: true,
          identity: {
            id: user.id,
            name: user.displayName,
            organization: { id: user.organization.id, name: user.organization.name, parent: null },
            declared: [],
          },
        },
      );
      team.push({ userId: id, name: user.displayName, kind: expert ? 'expert' : 'staff' });
    });
    const conflicts = await this.candidates.conflicts(em, item, members);
    for (const c of conflicts.filter((x) => x.excluded)) {
      const i = ids.indexOf(c.expertId);
      const reasons = c.suggested.map((s) => `${CONFLICT_LABELS[s.kind]}(${s.with})`);
      errors[`members.${i}`] = [
        `与该成果存在利益冲突,须回避:${reasons.join(';') || '省办已确认冲突'}`,
      ];
    }
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
    if (!team.some((m) => m.kind === 'expert')) {
      throw InvalidInputError.field('members', '核查组至少需要一名专家');
    }
    return team;
  }

  /** The item's visit, if the caller is on its team (403 otherwise) and it is still open. */
  private async teamVisit(
    em: EntityManager,
    item: Achievement,
    user: AuthUser,
  ): Promise<VerificationVisit> {
    const visit = await em.findOne(VerificationVisit, { achievement: item.id });
    if (!onTeam(visit, user)) throw new ForbiddenError('只有核查组成员可以记录核查结果');
    assertState(item.workflow.state);
    return visit!;
  }

  /** Open visits (not yet reported, item still in verification) the user sits on the team of. */
  async teamVisits(user: AuthUser): Promise<VerificationView[]> {
    const em = this.em.fork();
    const visits = await em.find(
      VerificationVisit,
      { reportedAt: null, achievement: { workflow: { state: STATE } } },
      { populate: ['achievement'], orderBy: { visitDate: 'asc', id: 'asc' } },
    );
    return Promise.all(
      visits
        .filter((v) => onTeam(v, user))
        .map(async (v) => ({ ...(await this.view(em, v)), title: v.achievement.title })),
    );
  }

  private async view(
    em: EntityManager,
    visit: VerificationVisit,
  ): Promise<Omit<VerificationView, 'title'>> {
    const photos = visit.photos.length
      ? await em.find(Attachment, { id: { $in: visit.photos } }, { orderBy: { uploadedAt: 'asc' } })
      : [];
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
            hash: reportHash(this.reportOf(visit)),
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

  private reportOf(visit: VerificationVisit) {
    return {
      visitId: visit.id,
      visitDate: visit.visitDate,
      place: visit.place,
      team: visit.team.map((m) => m.userId),
      checklist: visit.checklist,
      narrative: visit.narrative,
      conclusion: visit.conclusion,
      photos: visit.photos,
      reportedBy: visit.reportedBy?.id ?? null,
      reportedAt: visit.reportedAt?.toISOString() ?? null,
    };
  }

  private async loadItem(em: EntityManager, id: string): Promise<Achievement> {
    const item = await em.findOne(Achievement, id, { populate: ['workflow', 'ownerOrganization'] });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }
}

/**
 * SHA-256 over the canonical JSON (RFC 8785) of the report, so the audit names exactly this report
 * and the hash survives PostgreSQL's jsonb key reordering.
 */
function reportHash(report: Record<string, unknown>): string {
  const keys = [
    'visitId',
    'visitDate',
    'place',
    'team',
    'checklist',
    'narrative',
    'conclusion',
    'photos',
    'reportedBy',
    'reportedAt',
  ];
  const json = canonicalize(Object.fromEntries(keys.map((k) => [k, report[k] ?? null])))!;
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

function onTeam(visit: VerificationVisit | null, user: AuthUser): boolean {
  return !!visit && visit.team.some((m) => m.userId === user.id);
}

function teamRole(user: AuthUser): ActorRole {
  return hasRole(user, 'officeStaff') ? 'officeStaff' : 'expert';
}

function assertState(state: string): void {
  if (state !== STATE) throw new ConflictError('该成果不在现场核查阶段', { state });
}
