import type { ScoreDraft } from '../../evaluation/expert-assignment.entity';
import type { MySeatView } from '../../evaluation/expert-reviews.service';
import type { Rubric } from '../../settings/rubric';

/** What the item page shows an expert besides the record: the rubric, their draft and seats. */
export interface ExpertScoringData {
  rubric: Rubric;
  draft: ScoreDraft | null;
  seats: MySeatView[];
}
