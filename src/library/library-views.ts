import { CATEGORY_LABELS } from '../reference/achievement-category';
import type { LibraryFlag } from './dto/library.dto';
import type { LibraryEntry } from './library-entry.entity';
import type { ProgressUpdate } from './progress-update.entity';

/** What the library's API and console show of its entries, evaluations and progress updates. */

export interface LibraryItemView {
  id: string;
  title: string;
  category: string;
  categoryLabel: string;
  domain: { key: string; name: string };
  city: string;
  organization: { id: string; name: string };
  state: string;
  enteredAt: string;
  enteredYear: number;
  score: number | null;
  flags: Record<LibraryFlag, boolean>;
  /** Submission time of the latest approved progress update; null if none is approved. */
  latestProgressAt: string | null;
}

export interface TrackingEvaluationView {
  id: string;
  type: string;
  evaluator: string;
  date: string;
  findings: string;
  rating: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ProgressView {
  id: string;
  title: string;
  content: string;
  status: ProgressUpdate['status'];
  submittedBy: string;
  submittedAt: string;
  decidedAt: string | null;
  decisionComment: string | null;
}

export interface LibraryDetailView extends LibraryItemView {
  evaluations: TrackingEvaluationView[];
  progress: ProgressView[];
}

export function toItemView(entry: LibraryEntry): LibraryItemView {
  const item = entry.achievement;
  return {
    id: item.id,
    title: item.title,
    category: item.category,
    categoryLabel: CATEGORY_LABELS[item.category],
    domain: { key: item.domain.key, name: item.domain.name },
    city: item.ownerOrganization.city,
    organization: { id: item.ownerOrganization.id, name: item.ownerOrganization.name },
    state: item.workflow.state,
    enteredAt: entry.enteredAt.toISOString(),
    enteredYear: entry.enteredYear,
    score: entry.score,
    flags: flagsOf(entry),
    latestProgressAt: entry.latestProgressAt?.toISOString() ?? null,
  };
}

export function toProgressView(p: ProgressUpdate): ProgressView {
  return {
    id: p.id,
    title: p.title,
    content: p.content,
    status: p.status,
    submittedBy: p.submittedBy.id,
    submittedAt: p.submittedAt.toISOString(),
    decidedAt: p.decidedAt?.toISOString() ?? null,
    decisionComment: p.decisionComment,
  };
}

export function flagsOf(entry: LibraryEntry): LibraryItemView['flags'] {
  return {
    provincialAwardRecommended: entry.provincialAwardRecommended,
    nationalAwardRecommended: entry.nationalAwardRecommended,
    majorSpecialProject: entry.majorSpecialProject,
  };
}
