import { Injectable } from '@nestjs/common';
import type { AchievementView } from '../../achievements/achievement.view';
import { hasRole, type AuthUser } from '../../access/auth-user';
import { ExpertReviewsService } from '../../evaluation/expert-reviews.service';
import { SettingsService } from '../../settings/settings.service';
import type { ExpertScoringData } from './scoring.view-model';

/** What the item page adds for an expert: the rubric, their draft and their own seats. */
@Injectable()
export class ExpertScoringViews {
  constructor(
    private readonly reviews: ExpertReviewsService,
    private readonly settings: SettingsService,
  ) {}

  async forItem(user: AuthUser, item: AchievementView): Promise<ExpertScoringData | undefined> {
    if (!hasRole(user, 'expert')) return undefined;
    const [rubric, draft, seats] = await Promise.all([
      this.settings.rubric(),
      this.reviews.draft(user, item.id),
      this.reviews.mySeats(user, item.id),
    ]);
    return { rubric, draft, seats };
  }
}
