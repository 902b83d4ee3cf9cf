import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { achievementWorkflow } from '../achievements/achievement-workflow.definition';
import type { Achievement } from '../achievements/achievement.entity';
import { toWorkflowActor, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { ConflictError, InvalidInputError } from '../common/domain-errors';
import { assertOffice } from '../common/role-policy';
import { Transactions, type Tx } from '../database/tx';
import { CONFLICT_LABELS } from '../evaluation/conflicts/conflict-rules';
import { PanelCandidatesService } from '../evaluation/panel-candidates.service';
import { ExpertPoolService, type PoolMember } from '../experts/expert-pool.service';
import { WorkflowRunner } from '../workflow/workflow-runner.service';
import type { FormTeamDto } from './dto/verification.dto';
import { assertState } from './verification-rules';
import type { TeamMember } from './verification-visit.entity';
import { VerificationRepository } from './verification.repository';

/**
 * The office forms (or re-forms, until the report) an item's verification team: office staff and
 * experts under the same conflict rules and office decisions as expert panels. The team and the
 * visit row are written with the audit record, so two offices forming at once cannot both win.
 */
@Injectable()
export class FormVerificationTeam {
  constructor(
    private readonly transactions: Transactions,
    private readonly visits: VerificationRepository,
    private readonly runner: WorkflowRunner,
    private readonly candidates: PanelCandidatesService,
    private readonly pool: ExpertPoolService,
    private readonly clock: Clock,
  ) {}

  async execute(user: AuthUser, achievementId: string, dto: FormTeamDto): Promise<void> {
    assertOffice(user, '只有省办工作人员可以组建核查组');
    const tx = this.transactions.reader();
    const item = await this.visits.item(tx, achievementId);
    assertState(item.workflow.state);
    const existing = await this.visits.visitOf(tx, item.id);
    if (existing?.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查组');

    const team = await this.checkTeam(tx, item, dto.members);
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
        apply: async (transition) => {
          const visit = await this.visits.visitOf(transition, item.id);
          if (visit?.reportedAt) throw new ConflictError('核查报告已记录,不能再调整核查组');
          if (visit && visit.id !== visitId) {
            throw new ConflictError('核查组刚被他人组建,请刷新后重试');
          }
          this.visits.saveTeam(transition, visit, {
            visitId,
            itemId: item.id,
            team,
            formedBy: user.id,
            formedAt: now,
          });
        },
      },
    );
  }

  /** The team as asked: active office staff or available pool experts, none with a conflict. */
  private async checkTeam(tx: Tx, item: Achievement, ids: string[]): Promise<TeamMember[]> {
    const users = await this.visits.users(tx, ids);
    const byId = new Map(users.map((u) => [u.id, u]));
    const experts = new Map((await this.pool.members(tx, ids)).map((m) => [m.user.id, m]));
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
    const conflicts = await this.candidates.conflicts(tx, item, members);
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
}
