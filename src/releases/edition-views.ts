import type { AchievementState } from '../../workflows/achievement.machine';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../reference/achievement-category';
import type { Achievement } from '../achievements/achievement.entity';
import { STATE_LABELS } from '../achievements/achievement-labels';
import { ForbiddenError } from '../common/domain-errors';
import {
  EDITION_TITLES,
  editionCoverage,
  formatShanghaiDate,
  type EditionDocumentData,
  type EditionDocumentItem,
} from './edition-document';
import type { ReleaseEditionItem } from './release-edition-item.entity';
import type {
  EditionEventDetails,
  EditionKind,
  EditionState,
  ReleaseEdition,
  VotingState,
} from './release-edition.entity';
import type { OfficialDocumentSettings } from '../common/official-document/official-settings';

/**
 * What the releases feature shows of an edition, to the office and to the public, and the pure
 * functions that build it from the rows the repository loads.
 */

export const KIND_LABELS: Record<EditionKind, string> = {
  monthly: '月报',
  quarterly: '季度发布',
  annual: '年度榜单',
};
export const EDITION_STATE_LABELS: Record<EditionState, string> = {
  draft: '草稿',
  underReview: '审核中',
  issued: '已签发',
};

export interface EditionItemView {
  achievementId: string;
  position: number;
  blurb: string;
  shortlisted: boolean;
  selected: boolean;
  title: string;
  organization: string;
  state: string;
  stateLabel: string;
  score: number | null;
  /** Expert votes (annual list), 0 elsewhere. */
  votes: number;
}

export interface EditionView {
  id: string;
  kind: EditionKind;
  kindLabel: string;
  number: string;
  year: number;
  sequence: number;
  periodStart: string;
  periodEnd: string;
  state: EditionState;
  stateLabel: string;
  issuedAt: string | null;
  issuedBy: string | null;
  /** Who submitted it for review (display name and id), while it is under review. */
  submittedBy: string | null;
  submittedById: string | null;
  correctsEditionId: string | null;
  distributionList: string[];
  /** 抄送; null: the office's default copy list is printed. */
  copyList: string[] | null;
  eventDetails: EditionEventDetails | null;
  cycleKey: string | null;
  votingState: VotingState;
  createdAt: string;
  updatedAt: string;
  version: number;
  items: EditionItemView[];
  documents: { docx: string; html: string };
}

/** What anyone may see of an issued edition: public fields of its items, no scores or reviewers. */
export interface PublicEditionView {
  id: string;
  kind: EditionKind;
  kindLabel: string;
  title: string;
  number: string;
  year: number;
  sequence: number;
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  correctsEditionId: string | null;
  distributionList: string[];
  eventDetails: EditionEventDetails | null;
  items: PublicEditionItemView[];
  documents: { docx: string; html: string };
}

export interface PublicEditionItemView {
  rank: number;
  blurb: string;
  achievement: {
    id: string;
    title: string;
    summary: string;
    categoryLabel: string;
    domain: string;
    levelClaimLabel: string;
    city: string;
    organization: string;
    completingUnits: string[];
    completers: { name: string; unit: string }[];
  };
}

export interface RenderedDocument {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export type DocumentFormat = 'docx' | 'html';

/** The four-eyes rule's refusal, worded for the person who pressed 签发. */
export function fourEyesRefusal(): ForbiddenError {
  return new ForbiddenError(
    '本期由您提交审核,按“四眼原则”须由另一位成果处工作人员签发;如需修改,可退回草稿',
    { rule: 'fourEyes' },
  );
}

export function scoreOf(item: Achievement): number | null {
  const context = item.workflow.snapshot.context as { aggregate?: number | null } | undefined;
  return typeof context?.aggregate === 'number' ? context.aggregate : null;
}

export function editionView(
  edition: ReleaseEdition,
  items: ReleaseEditionItem[],
  people: { issuedBy: string | null; submittedBy: string | null },
  votes: Map<string, number>,
): EditionView {
  return {
    id: edition.id,
    kind: edition.kind,
    kindLabel: KIND_LABELS[edition.kind],
    number: edition.number,
    year: edition.year,
    sequence: edition.sequence,
    periodStart: edition.periodStart.toISOString(),
    periodEnd: edition.periodEnd.toISOString(),
    state: edition.state,
    stateLabel: EDITION_STATE_LABELS[edition.state],
    issuedAt: edition.issuedAt?.toISOString() ?? null,
    issuedBy: people.issuedBy,
    submittedBy: people.submittedBy,
    submittedById: edition.submittedBy?.id ?? null,
    correctsEditionId: edition.correctsEdition?.id ?? null,
    distributionList: edition.distributionList ?? [],
    copyList: edition.copyList ?? null,
    eventDetails: edition.eventDetails,
    cycleKey: edition.cycleKey,
    votingState: edition.votingState,
    createdAt: edition.createdAt.toISOString(),
    updatedAt: edition.updatedAt.toISOString(),
    version: edition.version,
    items: items.map((item) => {
      const state = item.achievement.workflow.state as AchievementState;
      return {
        achievementId: item.achievement.id,
        position: item.position,
        blurb: item.blurb,
        shortlisted: item.shortlisted,
        selected: item.selected,
        title: item.achievement.title,
        organization: item.achievement.ownerOrganization.name,
        state,
        stateLabel: STATE_LABELS[state],
        score: scoreOf(item.achievement),
        votes: votes.get(item.achievement.id) ?? 0,
      };
    }),
    documents: {
      docx: `/api/editions/${edition.id}/document.docx`,
      html: `/api/editions/${edition.id}/document.html`,
    },
  };
}

export function publicEditionView(
  edition: ReleaseEdition,
  items: ReleaseEditionItem[],
): PublicEditionView {
  return {
    id: edition.id,
    kind: edition.kind,
    kindLabel: KIND_LABELS[edition.kind],
    title: EDITION_TITLES[edition.kind],
    number: edition.number,
    year: edition.year,
    sequence: edition.sequence,
    periodStart: edition.periodStart.toISOString(),
    periodEnd: edition.periodEnd.toISOString(),
    issuedAt: edition.issuedAt!.toISOString(),
    correctsEditionId: edition.correctsEdition?.id ?? null,
    distributionList: edition.distributionList ?? [],
    eventDetails: edition.eventDetails,
    items: items.map((item, index) => {
      const a = item.achievement;
      return {
        rank: index + 1,
        blurb: item.blurb,
        achievement: {
          id: a.id,
          title: a.title,
          summary: a.summary,
          categoryLabel: CATEGORY_LABELS[a.category],
          domain: a.domain.name,
          levelClaimLabel: LEVEL_CLAIM_LABELS[a.levelClaim],
          city: a.ownerOrganization.city,
          organization: a.ownerOrganization.name,
          completingUnits: a.completingUnits.map((u) => u.name),
          completers: a.completers.map((c) => ({ name: c.name, unit: c.unit })),
        },
      };
    }),
    documents: {
      docx: `/api/public/editions/${edition.id}/document.docx`,
      html: `/api/public/editions/${edition.id}/document.html`,
    },
  };
}

/** The document's data: the edition as of `at`, its selected items in order. */
export function editionDocumentData(
  edition: ReleaseEdition,
  items: ReleaseEditionItem[],
  at: Date,
  correctsNumber: string | null,
  offices: OfficialDocumentSettings,
): EditionDocumentData {
  return {
    kind: edition.kind,
    number: edition.number,
    dateLabel: formatShanghaiDate(at),
    coverage: editionCoverage(edition.kind, edition.periodStart, edition.periodEnd),
    correctsNumber,
    distributionList: edition.distributionList ?? [],
    copyList: edition.copyList ?? null,
    offices,
    eventDetails: edition.eventDetails,
    items: items.map((item, index) => documentItem(item, index + 1)),
  };
}

function documentItem(item: ReleaseEditionItem, rank: number): EditionDocumentItem {
  const a = item.achievement;
  const significance = [
    `达到${LEVEL_CLAIM_LABELS[a.levelClaim]}水平`,
    ...(a.breaksMonopoly ? ['打破国外垄断'] : []),
    ...(a.fillsGap ? ['填补国内空白'] : []),
    ...(a.evidence.replaces ? [`可替代${a.evidence.replaces}`] : []),
  ].join(';');
  return {
    rank,
    title: a.title,
    units: a.completingUnits.map((u) => u.name),
    completers: a.completers.map((c) => `${c.name}(${c.unit})`),
    domain: a.domain.name,
    category: CATEGORY_LABELS[a.category],
    achieved: a.summary,
    significance,
    latestProgress: a.evidence.industrialization ?? a.evidence.usage ?? null,
    blurb: item.blurb,
  };
}
