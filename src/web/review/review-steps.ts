import type { AchievementsService } from '../../achievements/achievements.service';
import type { AuthUser } from '../../access/auth-user';
import { DomainError, InvalidInputError } from '../../common/domain-errors';
import type { EvaluationService } from '../../evaluation/evaluation.service';
import { isUUID } from 'class-validator';
import type { ReviewReadService } from './review-read.service';

/**
 * Which chosen items a batch pass takes: those still in eligibility check whose rules all pass,
 * or all of them when the office gave a comment (an override, recorded with each item's failed
 * rules). The rest are reported in the summary with their reasons.
 */
export async function partitionForPass(
  achievements: AchievementsService,
  read: ReviewReadService,
  user: AuthUser,
  ids: string[],
  withComment: boolean,
): Promise<{ pass: string[]; fail: string[] }> {
  const pass: string[] = [];
  const fail: string[] = [];
  const checklists = await read.checklists(ids);
  for (const id of ids) {
    let state: string;
    try {
      state = (await achievements.get(user, id)).state;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      fail.push(id);
      continue;
    }
    const rulesFailed = (checklists.get(id) ?? []).some((r) => !r.passed) && !withComment;
    if (state !== 'eligibilityCheck' || rulesFailed) fail.push(id);
    else pass.push(id);
  }
  return { pass, fail };
}

type Panel = Awaited<ReturnType<EvaluationService['panel']>>;

/**
 * The panel after one change by the office: a member replaced, added or removed. Only a member
 * still scoring (not one who has submitted) can leave; the event then checks the newcomer.
 */
export function panelAfter(
  panel: Panel,
  change: { op: string; member: string; candidate: string },
): string[] {
  const { op, member, candidate } = change;
  if (op !== 'replace' && op !== 'add' && op !== 'remove') {
    throw InvalidInputError.field('op', '请选择替换、增加或撤出');
  }
  if (op !== 'add') {
    const seat = panel.seats.find(
      (s) => s.round === panel.round && s.expert.id === member && panel.panel.includes(member),
    );
    if (!seat) throw InvalidInputError.field('member', '请选择专家组中的一名专家');
    if (seat.status !== 'active') {
      throw InvalidInputError.field('member', '该专家已提交评分,不能撤出或替换');
    }
  }
  if (op !== 'remove') {
    if (!candidate) throw InvalidInputError.field('candidate', '请从专家库中选择一名专家');
    // The field is typed with the pool's list as suggestions, so it can hold a name rather than
    // an expert's id; PostgreSQL would fail on it as a uuid, so it is refused here in words.
    if (!isUUID(candidate)) {
      throw InvalidInputError.field('candidate', '请从专家库的列表中选择一名专家');
    }
    if (panel.panel.includes(candidate)) {
      throw InvalidInputError.field('candidate', '该专家已在专家组中');
    }
  }
  if (op === 'replace') return panel.panel.map((m) => (m === member ? candidate : m));
  if (op === 'add') return [...panel.panel, candidate];
  if (panel.panel.length <= 1) throw InvalidInputError.field('member', '专家组至少保留一名专家');
  return panel.panel.filter((m) => m !== member);
}
