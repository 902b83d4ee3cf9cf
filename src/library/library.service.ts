import { Injectable } from '@nestjs/common';
import { AchievementsService } from '../achievements/achievements.service';
import { hasRole, type AuthUser } from '../access/auth-user';
import { InvalidInputError, NotFoundError } from '../common/domain-errors';
import type { LibraryQuery } from './dto/library.dto';
import type { LibraryEntry } from './library-entry.entity';
import { LibraryRepository } from './library.repository';
import { LIBRARY_STATES } from './library-states';
import {
  toItemView,
  toProgressView,
  type LibraryDetailView,
  type LibraryItemView,
} from './library-views';

export type {
  LibraryDetailView,
  LibraryItemView,
  ProgressView,
  TrackingEvaluationView,
} from './library-views';

/**
 * The provincial library (成果库): items that passed verification, with the office's tracking
 * evaluations and flags and the units' progress updates. Every change is an audited record in the
 * item's chain (LibraryTrackingService, LibraryProgressService); reading follows the item's
 * visibility (the office all, recommenders their units, units their own).
 */
@Injectable()
export class LibraryService {
  constructor(
    private readonly entries: LibraryRepository,
    private readonly achievements: AchievementsService,
  ) {}

  async list(
    user: AuthUser,
    query: LibraryQuery,
  ): Promise<{ items: LibraryItemView[]; nextCursor: string | null }> {
    if (
      query.minScore !== undefined &&
      query.maxScore !== undefined &&
      query.minScore > query.maxScore
    ) {
      throw InvalidInputError.field('minScore', '最低分不能高于最高分');
    }
    try {
      const page = await this.entries.list(user, query);
      return { items: page.entries.map(toItemView), nextCursor: page.nextCursor };
    } catch (err) {
      if (query.cursor) throw InvalidInputError.field('cursor', '分页游标无效');
      throw err;
    }
  }

  async get(user: AuthUser, achievementId: string): Promise<LibraryDetailView> {
    const entry = await this.visibleEntry(user, achievementId);
    const evaluations = await this.entries.evaluationsOf(achievementId);
    // The unit and the office follow its updates through review; others see approved ones.
    const seesAll =
      hasRole(user, 'officeStaff', 'admin') ||
      entry.achievement.ownerOrganization.id === user.organizationId;
    const progress = await this.entries.progressOf(achievementId, !seesAll);
    return {
      ...toItemView(entry),
      evaluations: evaluations.map((e) => ({
        id: e.id,
        type: e.type,
        evaluator: e.evaluator,
        date: e.evaluatedOn,
        findings: e.findings,
        rating: e.rating,
        recordedBy: e.recordedBy.id,
        recordedAt: e.recordedAt.toISOString(),
      })),
      progress: progress.map(toProgressView),
    };
  }

  /** The item's library entry if the caller may see the item (403) and it is in the library (404). */
  async visibleEntry(user: AuthUser, achievementId: string): Promise<LibraryEntry> {
    await this.achievements.assertVisible(user, achievementId);
    const entry = await this.entries.entryOf(achievementId);
    if (!entry || !LIBRARY_STATES.includes(entry.achievement.workflow.state)) {
      throw new NotFoundError('该成果不在成果库中', { achievementId });
    }
    return entry;
  }
}
