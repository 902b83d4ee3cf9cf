import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { Transactions, type Tx } from '../database/tx';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-errors';
import { ReferenceService } from '../reference/reference.service';
import { CreditService } from './credit.service';
import {
  CREDIT_TERM_LABELS,
  creditScore,
  type CreditFacts,
  type CreditFormula,
  type CreditTerm,
} from './credit/credit-formula';
import type { ExpertFlagDto, ExpertProfileDto } from './dto/expert-profile.dto';
import { EvaluationRecords, type ExpertSeatRecord } from './evaluation-records';
import { ExpertPoolService, type PoolMember } from './expert-pool.service';
import type { ExpertProfile } from './expert-profile.entity';
import { ExpertsRepository } from './experts.repository';

export interface ExpertView {
  id: string;
  username: string;
  displayName: string;
  organization: { id: string; name: string; city: string };
  domains: string[];
  title: string | null;
  parentOrganization: string | null;
  declaredConflicts: ExpertProfile['declaredConflicts'];
  active: boolean;
  credit: number;
}

export interface ExpertRecord {
  expert: ExpertView;
  facts: CreditFacts;
  credit: { score: number; terms: CreditTerm[]; formula: CreditFormula; floor: number };
  assignments: ExpertSeatRecord[];
  flags: { reason: string; raisedAt: string; achievementId: string | null }[];
}

/** The expert pool as the office manages it, and each expert's record and credit. */
@Injectable()
export class ExpertsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: ExpertsRepository,
    private readonly pool: ExpertPoolService,
    private readonly credit: CreditService,
    private readonly evaluation: EvaluationRecords,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ExpertView[]> {
    const tx = this.transactions.reader();
    const members = await this.pool.members(tx);
    const { formula } = await this.evaluation.creditSettings(tx);
    const credits = await this.credit.scores(
      tx,
      members.map((m) => m.user.id),
      formula,
    );
    return members.map((m) => this.view(m, credits.get(m.user.id) ?? formula.base));
  }

  async setProfile(user: AuthUser, id: string, dto: ExpertProfileDto): Promise<ExpertView> {
    const tx = this.transactions.reader();
    const member = await this.requireMember(tx, id);
    const unknown = [];
    for (const key of dto.domains) if (!(await this.reference.activeDomain(key))) unknown.push(key);
    if (unknown.length) {
      throw InvalidInputError.field('domains', `不是有效的战略领域:${unknown.join('、')}`);
    }
    const values = {
      domains: [...new Set(dto.domains)],
      title: dto.title?.trim() || null,
      parentOrganization: dto.parentOrganization?.trim() || null,
      declaredConflicts: dto.declaredConflicts.map((d) => ({
        kind: d.kind,
        name: d.name.trim(),
        ...(d.note?.trim() ? { note: d.note.trim() } : {}),
      })),
      active: dto.active,
      updatedAt: this.clock.now(),
      updatedBy: user.id,
    };
    await this.repository.saveProfile(tx, member.user, member.profile, values);
    return (await this.record(user, id)).expert;
  }

  async flag(user: AuthUser, id: string, dto: ExpertFlagDto): Promise<{ id: string }> {
    const tx = this.transactions.reader();
    await this.requireMember(tx, id);
    if (dto.achievementId && !(await this.repository.itemExists(tx, dto.achievementId))) {
      throw InvalidInputError.field('achievementId', '成果不存在');
    }
    const flag = await this.repository.addFlag(tx, {
      expert: id,
      achievement: dto.achievementId ?? null,
      reason: dto.reason.trim(),
      raisedBy: user.id,
      raisedAt: this.clock.now(),
    });
    return { id: flag.id };
  }

  /** The expert's record: facts, credit with its terms, assignments and flags. */
  async record(viewer: AuthUser, id: string): Promise<ExpertRecord> {
    if (!hasRole(viewer, 'officeStaff', 'admin') && viewer.id !== id) {
      throw new ForbiddenError('只有省科技厅工作人员和专家本人可以查看专家信誉记录');
    }
    const tx = this.transactions.reader();
    const member = await this.requireMember(tx, id);
    const { formula, floor } = await this.evaluation.creditSettings(tx);
    const facts = (await this.credit.facts(tx, [id])).get(id)!;
    const credit = creditScore(facts, formula);
    const assignments = await this.evaluation.seats(tx, id);
    const flags = await this.repository.flagsOf(tx, id);
    return {
      expert: this.view(member, credit.score),
      facts,
      credit: { ...credit, formula, floor },
      assignments,
      flags: flags.map((f) => ({
        reason: f.reason,
        raisedAt: f.raisedAt.toISOString(),
        achievementId: f.achievement?.id ?? null,
      })),
    };
  }

  /** The record as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese right). */
  async recordCsv(viewer: AuthUser, id: string): Promise<string> {
    const r = await this.record(viewer, id);
    const rows: (string | number | null)[][] = [
      ['专家', r.expert.displayName, '单位', r.expert.organization.name],
      ['信誉分', r.credit.score, '准入下限', r.credit.floor],
      [],
      ['指标', '数值', '分值'],
      ...r.credit.terms.map((t) => [
        CREDIT_TERM_LABELS[t.input],
        t.input === 'base' ? null : (r.facts[t.input] ?? null),
        t.points,
      ]),
      [],
      ['成果', '轮次', '状态', '分派时间', '截止时间', '提交时间', '加权得分'],
      ...r.assignments.map((a) => [
        a.title,
        a.round,
        a.status,
        a.assignedAt,
        a.dueAt,
        a.submittedAt,
        a.weighted,
      ]),
    ];
    return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }

  private async requireMember(tx: Tx, id: string): Promise<PoolMember> {
    const member = await this.pool.member(tx, id);
    if (!member) throw new NotFoundError('专家不存在', { id });
    return member;
  }

  private view(m: PoolMember, credit: number): ExpertView {
    return {
      id: m.user.id,
      username: m.user.username,
      displayName: m.user.displayName,
      organization: {
        id: m.user.organization.id,
        name: m.user.organization.name,
        city: m.user.organization.city,
      },
      domains: m.domains,
      title: m.profile?.title ?? null,
      parentOrganization: m.profile?.parentOrganization ?? null,
      declaredConflicts: m.profile?.declaredConflicts ?? [],
      active: m.available,
      credit,
    };
  }
}

function csvCell(value: string | number | null): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote always; neutralise formulas so a spreadsheet never executes a cell.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}
