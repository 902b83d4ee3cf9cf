import { Injectable } from '@nestjs/common';
import {
  EVENTS_REQUIRING_COMMENT,
  type AchievementEventType,
} from '../../workflows/achievement.machine';
import type { AuthUser } from '../access/auth-user';
import { InvalidInputError } from '../common/domain-errors';
import type { Achievement } from './achievement.entity';
import type { SendEventDto } from './dto/send-event.dto';

/** Events whose `data` the host reads; any other event refuses data. */
const EVENTS_WITH_DATA: readonly AchievementEventType[] = [
  'SUBMIT_SCORE',
  'REVISE_SCORE',
  'ASSIGN_PANEL',
  'DECIDE_CONSENSUS',
  'OPEN_SECOND_ROUND',
];

/**
 * Host data a feature module adds to an event it owns (the collection period on RECOMMEND, the
 * panel on the evaluation's events, the verification report on CONFIRM_VERIFICATION), without
 * this module depending on the feature: the owner registers it (providePayload) when its module
 * starts. The item comes with its workflow row loaded; other relations are references (ids only).
 * `data` is the event's own data, already refused for events outside EVENTS_WITH_DATA. It may
 * refuse the event with a domain error; what it returns is merged into the event and recorded in
 * its audit row.
 */
export type EventPayloadProvider = (
  user: AuthUser,
  item: Achievement,
  comment: string | undefined,
  data: Record<string, unknown> | undefined,
) => Promise<Record<string, unknown>>;

/** What an event carries besides its type: the payload for the machine and the audit row. */
export interface EventContent {
  payload: Record<string, unknown>;
  comment?: string;
}

/**
 * A provider that also settles the event's comment: a score sheet brings a comment field of its
 * own, which takes the place of the event's.
 */
export type EventContentProvider = (
  user: AuthUser,
  item: Achievement,
  comment: string | undefined,
  data: Record<string, unknown> | undefined,
) => Promise<EventContent>;

/**
 * Every event's host data comes from the provider its owner registered, this module's own score
 * sheets included (ScoreSheetPayloads); an event nobody provides for carries none. One provider
 * per event type.
 */
@Injectable()
export class AchievementEventPayloads {
  private readonly providers = new Map<AchievementEventType, EventContentProvider>();

  provide(type: AchievementEventType, provider: EventPayloadProvider): void {
    this.provideContent(type, async (user, item, comment, data) => ({
      payload: await provider(user, item, comment, data),
      comment,
    }));
  }

  provideContent(type: AchievementEventType, provider: EventContentProvider): void {
    if (this.providers.has(type)) throw new Error(`event ${type} already has a payload provider`);
    this.providers.set(type, provider);
  }

  /**
   * Checks the event's comment and data and adds what its provider decides (the collection period
   * on RECOMMEND, the scoring policy and panel on PASS_ELIGIBILITY, the sheet on SUBMIT_SCORE, ...).
   * All of it ends up in the audit payload.
   */
  async contentOf(user: AuthUser, item: Achievement, dto: SendEventDto): Promise<EventContent> {
    const type: AchievementEventType = dto.type;
    const comment = dto.comment?.trim() || undefined;
    if (!EVENTS_WITH_DATA.includes(type) && dto.data && Object.keys(dto.data).length) {
      throw InvalidInputError.field('data', '该操作不接受附加数据');
    }
    if (EVENTS_REQUIRING_COMMENT.includes(type) && !comment) {
      throw InvalidInputError.field('comment', '该操作必须填写理由');
    }
    const provider = this.providers.get(type);
    return provider ? provider(user, item, comment, dto.data) : { payload: {}, comment };
  }
}
