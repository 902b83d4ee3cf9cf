import { Injectable } from '@nestjs/common';
import { CATEGORY_LABELS } from '../reference/achievement-category';
import { hasRole, type AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  type FieldErrors,
} from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { VOTES_PER_EXPERT } from './dto/edition.dto';
import type { ReleaseEditionItem } from './release-edition-item.entity';
import type { ReleaseEdition } from './release-edition.entity';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { scoreOf, type EditionView } from './edition-views';
import { ReleasesRepository } from './releases.repository';

export const DEFAULT_LIST_SIZE = 20;

export interface BallotView {
  editionId: string;
  number: string;
  votingState: string;
  maxVotes: number;
  items: {
    achievementId: string;
    title: string;
    summary: string;
    organization: string;
    categoryLabel: string;
    /** Your own unit's items: you may not vote for them. */
    ownUnit: boolean;
  }[];
  myVotes: string[];
}

/**
 * The annual list's expert vote: the office opens it on the shortlist, each expert casts (and
 * may recast) a ballot of up to 20 items, not their own unit's, and the office closes it, which
 * selects the most-voted items (ties: higher score, then shortlist order) in vote order.
 */
@Injectable()
export class ReleaseVotingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly editions: ReleasesRepository,
    private readonly clock: Clock,
  ) {}

  async open(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, expectedVersion, ['draft'], async (tx, edition) => {
      assertAnnual(edition);
      if (edition.votingState !== 'none') throw new ConflictError('本榜单已组织过专家投票');
      if (!(await this.editions.countItems(tx, id, { shortlisted: true }))) {
        throw new ConflictError('候选名单为空,不能开始投票');
      }
      return { votingState: 'open' };
    });
    return this.queries.get(user, id);
  }

  async close(
    user: AuthUser,
    id: string,
    expectedVersion: number,
    size = DEFAULT_LIST_SIZE,
  ): Promise<EditionView> {
    await this.editor.assertOffice(user);
    await this.editor.mutate(id, expectedVersion, ['draft'], async (tx, edition) => {
      assertAnnual(edition);
      if (edition.votingState !== 'open') throw new ConflictError('专家投票未在进行中');
      const items = await this.editions.itemsToRank(tx, id);
      const votes = await this.editions.votesByAchievement(tx, id);
      const count = (item: ReleaseEditionItem) => votes.get(item.achievement.id) ?? 0;
      const ranked = [...items].sort(
        (a, b) =>
          count(b) - count(a) ||
          (scoreOf(b.achievement) ?? -Infinity) - (scoreOf(a.achievement) ?? -Infinity) ||
          a.position - b.position,
      );
      for (const [index, item] of ranked.entries()) {
        await this.editions.placeItem(tx, item.id, index + 1, index < size && count(item) > 0);
      }
      return { votingState: 'closed' };
    });
    return this.queries.get(user, id);
  }

  async ballot(user: AuthUser, id: string): Promise<BallotView> {
    assertExpert(user);
    const em = this.transactions.reader();
    const edition = await this.votable(em, id, ['open', 'closed']);
    return this.view(em, edition, user);
  }

  /** Replaces the expert's ballot. */
  async vote(user: AuthUser, id: string, achievementIds: string[]): Promise<BallotView> {
    assertExpert(user);
    await this.transactions.run(async (tx) => {
      const edition = await this.votable(tx, id, ['open']);
      const shortlist = await this.editions.shortlist(tx, id);
      const errors: FieldErrors = {};
      achievementIds.forEach((achievementId, index) => {
        const item = shortlist.get(achievementId);
        if (!item) errors[`achievementIds.${index}`] = ['该成果不在本榜单候选名单中'];
        else if (item.achievement.ownerOrganization.id === user.organizationId) {
          errors[`achievementIds.${index}`] = ['不能为本单位的成果投票(回避)'];
        }
      });
      if (Object.keys(errors).length) throw new InvalidInputError(errors);
      await this.editions.replaceVotes(
        tx,
        edition,
        user.id,
        achievementIds.map((achievementId) => shortlist.get(achievementId)!.achievement),
        this.clock.now(),
      );
    });
    return this.ballot(user, id);
  }

  private async votable(
    em: Tx,
    id: string,
    states: ReleaseEdition['votingState'][],
  ): Promise<ReleaseEdition> {
    const edition = await this.editions.load(em, id);
    if (edition.kind !== 'annual' || edition.votingState === 'none') {
      throw new NotFoundError('该刊期没有专家投票', { id });
    }
    if (!states.includes(edition.votingState) || edition.state !== 'draft') {
      throw new ConflictError('专家投票已结束');
    }
    return edition;
  }

  private async view(em: Tx, edition: ReleaseEdition, user: AuthUser) {
    const items = await this.editions.ballotItems(em, edition.id);
    const mine = await this.editions.votesOf(em, edition.id, user.id);
    return {
      editionId: edition.id,
      number: edition.number,
      votingState: edition.votingState,
      maxVotes: VOTES_PER_EXPERT,
      items: items.map((i) => ({
        achievementId: i.achievement.id,
        title: i.achievement.title,
        summary: i.achievement.summary,
        organization: i.achievement.ownerOrganization.name,
        categoryLabel: CATEGORY_LABELS[i.achievement.category],
        ownUnit: i.achievement.ownerOrganization.id === user.organizationId,
      })),
      myVotes: mine.sort(),
    };
  }
}

function assertAnnual(edition: ReleaseEdition): void {
  if (edition.kind !== 'annual') throw new ConflictError('只有年度榜单可以组织专家投票');
}

function assertExpert(user: AuthUser): void {
  if (!hasRole(user, 'expert')) throw new ForbiddenError('只有评审专家可以参与榜单投票');
}
