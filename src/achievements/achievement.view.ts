import type { AchievementContext, AchievementState } from '../../workflows/achievement.machine';
import { hasRole, type AuthUser } from '../access/auth-user';
import { canSeeAllScores } from './achievement-access';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../reference/achievement-category';
import type { Achievement } from './achievement.entity';
import { STATE_LABELS } from './achievement-labels';

export interface AchievementSummaryView {
  id: string;
  title: string;
  category: Achievement['category'];
  categoryLabel: string;
  domain: { key: string; name: string };
  city: string;
  ownerOrganization: { id: string; name: string };
  state: AchievementState;
  stateLabel: string;
  version: number;
  period: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AchievementView extends AchievementSummaryView {
  summary: string;
  levelClaim: Achievement['levelClaim'];
  levelClaimLabel: string;
  breaksMonopoly: boolean;
  fillsGap: boolean;
  completingUnits: Achievement['completingUnits'];
  completers: Achievement['completers'];
  ip: Achievement['ip'];
  evidence: Achievement['evidence'];
  recommenderOrganization: { id: string; name: string };
  /** The reporting chain, lowest body first, and the index of the body that recommends next. */
  recommendation: { chain: string[]; level: number };
  createdBy: string;
  returnedFrom: AchievementContext['returnedFrom'];
  suspendedFrom: AchievementContext['suspendedFrom'];
  dispute: AchievementContext['dispute'];
  outcome: AchievementContext['outcome'];
  scoring: {
    policy: AchievementContext['scoring'];
    round: number;
    submitted: number;
    aggregate: number | null;
    spread: number | null;
    scores: AchievementContext['scores'];
    /** Panel size; the members' identities only for the office (`panel`). */
    panelSize: number;
    panel?: string[];
    /** For an expert: whether they sit on the panel. */
    onPanel?: boolean;
  };
  allowedEvents: string[];
}

export function contextOf(item: Achievement): AchievementContext {
  return (item.workflow.snapshot as { context: AchievementContext }).context;
}

export function toSummaryView(item: Achievement): AchievementSummaryView {
  const state = item.workflow.state as AchievementState;
  return {
    id: item.id,
    title: item.title,
    category: item.category,
    categoryLabel: CATEGORY_LABELS[item.category],
    domain: { key: item.domain.key, name: item.domain.name },
    city: item.ownerOrganization.city,
    ownerOrganization: { id: item.ownerOrganization.id, name: item.ownerOrganization.name },
    state,
    stateLabel: STATE_LABELS[state],
    version: item.workflow.version,
    period: contextOf(item).period,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function toView(
  item: Achievement,
  viewer: AuthUser,
  allowedEvents: string[],
): AchievementView {
  const context = contextOf(item);
  const panel = context.panel ?? [];
  const scores = canSeeAllScores(viewer)
    ? context.scores
    : context.scores.filter((s) => s.expertId === viewer.id);
  return {
    ...toSummaryView(item),
    summary: item.summary,
    levelClaim: item.levelClaim,
    levelClaimLabel: LEVEL_CLAIM_LABELS[item.levelClaim],
    breaksMonopoly: item.breaksMonopoly,
    fillsGap: item.fillsGap,
    completingUnits: item.completingUnits,
    completers: item.completers,
    ip: item.ip,
    evidence: item.evidence,
    recommenderOrganization: {
      id: item.recommenderOrganization.id,
      name: item.recommenderOrganization.name,
    },
    recommendation: { chain: context.recommendationChain, level: context.chainLevel },
    createdBy: item.createdBy.id,
    returnedFrom: context.returnedFrom,
    suspendedFrom: context.suspendedFrom,
    dispute: context.dispute,
    outcome: context.outcome,
    scoring: {
      policy: context.scoring,
      round: context.round ?? 1,
      submitted: context.scores.length,
      aggregate: context.aggregate,
      spread: context.spread ?? null,
      scores,
      panelSize: panel.length,
      ...(canSeeAllScores(viewer) ? { panel } : {}),
      ...(hasRole(viewer, 'expert') ? { onPanel: panel.includes(viewer.id) } : {}),
    },
    allowedEvents,
  };
}
