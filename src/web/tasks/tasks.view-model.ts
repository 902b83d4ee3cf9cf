import type { AchievementSummaryView } from '../../achievements/achievement.view';
import type { BodyReportingStatus, PeriodStatus } from '../../collection/collection-cycle.service';
import type { EditionView } from '../../releases/releases.service';
import type { VerificationView } from '../../verification/verification.service';

/** Rows per group and page: enough to work through, small enough to render at once. */
export const WORKLIST_PAGE_SIZE = 20;

export interface WorklistPaging {
  /** The group whose `page` is asked for; the others show their first page. */
  group?: string;
  page?: number;
}

export interface TaskItem {
  item: AchievementSummaryView;
  /** What the user is expected to do, in words. */
  action: string;
  deadline: string | null;
  overdue: boolean;
  note: string | null;
  /** Where the work is done, when not on the item page (the visit page). */
  link?: string;
}

export interface TaskGroup {
  key: string;
  title: string;
  /** The rows of the page shown. */
  items: TaskItem[];
  /** Rows over all pages. */
  total: number;
  /** The page shown (from 1) and the number of pages. */
  page: number;
  pages: number;
}

export interface TaskList {
  groups: TaskGroup[];
  total: number;
  overdue: number;
  period: string;
  /** The office's view of this month's collection. */
  collection: PeriodStatus | null;
  /** A collecting body's own status this month, for its recommenders. */
  myBody: BodyReportingStatus | null;
  /** The office's editions still being curated or reviewed. */
  editions: EditionView[];
  /** Open on-site visits whose team the user sits on. */
  visits: VerificationView[];
}
