import { Inject, Injectable } from '@nestjs/common';
import type { AchievementSummaryView } from '../../achievements/achievement.view';
import { AchievementsService } from '../../achievements/achievements.service';
import type { AuthUser } from '../../access/auth-user';
import { closesAt, periodFor } from '../../collection/collection-calendar';
import { Clock } from '../../common/clock';
import { DomainError, InvalidInputError } from '../../common/domain-errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { BulkOutcome, MyDecision } from './recommend.view-model';
import { RecommendDecisionsRepository } from './recommend-decisions.repository';

/** The two decisions a recommender takes on several items at once. */
export const BULK_ACTIONS = {
  recommend: { event: 'RECOMMEND', label: '择优推荐' },
  return: { event: 'RETURN_FOR_AMENDMENT', label: '退回修改' },
} as const;
export type BulkAction = keyof typeof BULK_ACTIONS;

const PAGE = 50;
const DECISIONS = ['RECOMMEND', 'DECLINE', 'RETURN_FOR_AMENDMENT'];
/** How many of the period's decisions the page lists (newest first); the count is of them all. */
export const DECIDED_SHOWN = 50;

/**
 * The recommender's bulk page: the items waiting for this body's decision, a page at a time, and
 * the decisions taken this period (RecommendDecisionsRepository). A bulk step is a loop of ordinary events through
 * AchievementsService.sendEvent, so each item keeps its own expectedVersion check and audit row,
 * and one item that changed meanwhile fails alone.
 */
@Injectable()
export class RecommendBulkService {
  constructor(
    private readonly achievements: AchievementsService,
    private readonly decisions: RecommendDecisionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A page of items in recommendation on which the user may recommend now. */
  async waiting(
    user: AuthUser,
    cursor: string | undefined,
  ): Promise<{ items: AchievementSummaryView[]; nextCursor: string | null }> {
    const page = await this.achievements.list(user, {
      state: 'recommendation',
      limit: PAGE,
      cursor,
    });
    const allowed = await this.achievements.allowedEventsOf(
      user,
      page.items.map((s) => s.id),
    );
    return {
      items: page.items.filter((s) => allowed.get(s.id)?.includes('RECOMMEND')),
      nextCursor: page.nextCursor,
    };
  }

  async run(
    user: AuthUser,
    action: BulkAction,
    items: { id: string; version: number | undefined }[],
    reason: string,
  ): Promise<BulkOutcome[]> {
    if (items.length === 0) throw InvalidInputError.field('ids', '请至少勾选一项成果');
    if (action === 'return' && !reason) {
      throw InvalidInputError.field('reason', '退回修改须填写理由(将告知申报单位)');
    }
    if (reason.length > 2000) throw InvalidInputError.field('reason', '长度不能超过2000个字符');
    const outcomes: BulkOutcome[] = [];
    for (const { id, version } of items) {
      let title = `成果 ${id.slice(0, 8)}`;
      try {
        title = (await this.achievements.get(user, id)).title;
        const result = await this.achievements.sendEvent(user, id, {
          type: BULK_ACTIONS[action].event,
          expectedVersion: version,
          comment: reason || undefined,
        });
        outcomes.push({ id, title, ok: true, state: result.state });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const fields =
          err instanceof InvalidInputError ? Object.values(err.errors).flat().join(';') : '';
        outcomes.push({
          id,
          title,
          ok: false,
          status: err.status,
          message: fields ? `${err.message}:${fields}` : err.message,
        });
      }
    }
    return outcomes;
  }

  /**
   * What the user recommended, declined or returned since this period opened (the previous
   * period's close), newest first, with each item's state now. Two indexed queries.
   */
  async decisionsThisPeriod(
    user: AuthUser,
  ): Promise<{ period: string; rows: MyDecision[]; total: number }> {
    const closeDay = this.config.collectionCloseDay;
    const period = periodFor(this.clock.now(), closeDay);
    const [y, m] = period.split('-').map(Number);
    const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    // The latest DECIDED_SHOWN with the period's count: a city's recommender decides thousands
    // of items a month, and listing them all made the page hundreds of kilobytes.
    const { rows, total } = await this.decisions.since(
      user.id,
      DECISIONS,
      closesAt(previous, closeDay),
      DECIDED_SHOWN,
    );
    return { period, total, rows };
  }
}
