import { Injectable, type OnModuleInit } from '@nestjs/common';
import { criterionCommentProblems, scoreSheetProblems } from '../../workflows/achievement-scoring';
import { hasRole, type AuthUser } from '../access/auth-user';
import { ForbiddenError, InvalidInputError } from '../common/domain-errors';
import { validateAs } from '../common/validation';
import { AchievementEventPayloads, type EventContent } from './achievement-event-payloads';
import type { Achievement } from './achievement.entity';
import { contextOf } from './achievement.view';
import { ScoreDataDto } from './dto/score-data.dto';

/**
 * The score sheets, this module's own event data: an expert's SUBMIT_SCORE or REVISE_SCORE carries
 * the scores (checked against the item's scoring weights) and any per-criterion comments; the
 * sheet's comment, when given, is the event's comment.
 */
@Injectable()
export class ScoreSheetPayloads implements OnModuleInit {
  constructor(private readonly payloads: AchievementEventPayloads) {}

  onModuleInit(): void {
    for (const type of ['SUBMIT_SCORE', 'REVISE_SCORE'] as const) {
      this.payloads.provideContent(type, (user, item, comment, data) =>
        this.sheet(user, item, comment, data),
      );
    }
  }

  private async sheet(
    user: AuthUser,
    item: Achievement,
    eventComment: string | undefined,
    raw: Record<string, unknown> | undefined,
  ): Promise<EventContent> {
    const context = contextOf(item);
    if (
      hasRole(user, 'expert') &&
      user.organizationId !== item.ownerOrganization.id &&
      !(context.panel ?? []).includes(user.id)
    ) {
      throw new ForbiddenError('您不在该成果的评审专家组中');
    }
    const data = await validateAs(ScoreDataDto, raw ?? {}).catch((err: unknown) => {
      throw prefixErrors(err, 'data');
    });
    const weights = contextOf(item).scoring.weights;
    const problems = {
      ...prefixKeys(scoreSheetProblems(data.scores, weights), 'data.scores'),
      ...prefixKeys(
        criterionCommentProblems(data.criterionComments ?? {}, weights),
        'data.criterionComments',
      ),
    };
    if (Object.keys(problems).length) {
      throw new InvalidInputError(
        Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]])),
      );
    }
    const comment = data.comment?.trim() || eventComment;
    const criterionComments: Record<string, string> = {};
    for (const [k, v] of Object.entries((data.criterionComments ?? {}) as Record<string, string>))
      if (v.trim()) criterionComments[k] = v.trim();
    return {
      payload: Object.keys(criterionComments).length
        ? { scores: data.scores, criterionComments }
        : { scores: data.scores },
      comment,
    };
  }
}

function prefixErrors(err: unknown, prefix: string): unknown {
  if (!(err instanceof InvalidInputError)) return err;
  return new InvalidInputError(
    Object.fromEntries(Object.entries(err.errors).map(([k, v]) => [`${prefix}.${k}`, v])),
  );
}

function prefixKeys(problems: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(problems).map(([k, v]) => [`${prefix}.${k}`, v]));
}
