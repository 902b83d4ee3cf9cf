import { Injectable } from '@nestjs/common';
import type { AchievementState } from '../../workflows/achievement.machine';
import { STATE_LABELS } from '../achievements/achievement-labels';
import type { AuthUser } from '../access/auth-user';
import { InvalidInputError, type FieldErrors } from '../common/domain-errors';
import type { SetEditionItemsDto, UpdateEditionDto } from './dto/edition.dto';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { LIBRARY_STATES } from '../library/library-states';
import type { EditionView } from './edition-views';
import type { ReleaseEdition } from './release-edition.entity';
import { ReleasesRepository } from './releases.repository';

/** Curating a draft: its distribution list, its release event, and its items and their blurbs. */
@Injectable()
export class EditionCuration {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
  ) {}

  async update(user: AuthUser, id: string, dto: UpdateEditionDto): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, dto.expectedVersion, ['draft'], (_tx, edition) => {
      const changes: Partial<ReleaseEdition> = {};
      if (dto.distributionList !== undefined) {
        changes.distributionList = dto.distributionList.map((d) => d.trim());
      }
      if (dto.copyList !== undefined) {
        changes.copyList = dto.copyList?.map((d) => d.trim()) ?? null;
      }
      if (dto.eventDetails !== undefined) {
        if (edition.kind !== 'quarterly') {
          throw InvalidInputError.field('eventDetails', '只有季度发布需要填写发布活动信息');
        }
        const d = dto.eventDetails;
        changes.eventDetails = {
          date: d.date?.trim() || null,
          venue: d.venue?.trim() || null,
          coHosts: d.coHosts ?? [],
          linkedActivities: d.linkedActivities ?? [],
          presenters: d.presenters ?? [],
        };
      }
      return Promise.resolve(changes);
    });
    return this.queries.get(user, id);
  }

  /** Replaces the item list: adding, removing and reordering are one call with the whole list. */
  async setItems(user: AuthUser, id: string, dto: SetEditionItemsDto): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, dto.expectedVersion, ['draft'], async (tx, edition) => {
      const found = await this.editions.achievements(
        tx,
        dto.items.map((i) => i.achievementId),
      );
      const previous = await this.editions.itemsByAchievement(tx, id);
      const errors: FieldErrors = {};
      const seen = new Set<string>();
      dto.items.forEach((item, index) => {
        const field = `items.${index}.achievementId`;
        const achievement = found.get(item.achievementId);
        if (seen.has(item.achievementId)) errors[field] = ['同一成果在本期中重复出现'];
        else if (!achievement) errors[field] = ['成果不存在'];
        else if (!LIBRARY_STATES.includes(achievement.workflow.state)) {
          errors[field] = [
            `该成果不在成果库中(当前状态:${STATE_LABELS[achievement.workflow.state as AchievementState]}),不能编入刊期`,
          ];
        }
        seen.add(item.achievementId);
      });
      if (Object.keys(errors).length) throw new InvalidInputError(errors);
      await this.editions.replaceItems(
        tx,
        edition,
        dto.items.map((item, index) => ({
          achievement: found.get(item.achievementId)!,
          position: index + 1,
          blurb: item.blurb?.trim() ?? previous.get(item.achievementId)?.blurb ?? '',
          shortlisted: previous.get(item.achievementId)?.shortlisted ?? false,
          selected: item.selected ?? true,
        })),
      );
      return {};
    });
    return this.queries.get(user, id);
  }
}
