import { Injectable } from '@nestjs/common';
import { EntityManager, type RequiredEntityData } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { NotFoundError } from '../common/domain-errors';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import type { DocumentFormat } from './edition-views';
import { ReleaseEditionItem } from './release-edition-item.entity';
import { ReleaseEditionVote } from './release-edition-vote.entity';
import { ReleaseEdition, type EditionKind, type EditionState } from './release-edition.entity';

const ITEM_POPULATE = [
  'achievement',
  'achievement.workflow',
  'achievement.ownerOrganization',
  'achievement.domain',
] as const;

/** An item as an edition's item list is written: the achievement, its position and the office's choices. */
export interface EditionItemRow {
  achievement: Achievement;
  position: number;
  blurb: string;
  shortlisted: boolean;
  selected: boolean;
}

/** An item of a new edition: a proposal's candidate or a corrected edition's item. */
export type NewEditionItem = Omit<EditionItemRow, 'achievement'> & { achievementId: string };

/** An edition's id for the SQL snapshots (see GenerateSql). */
const EDITION = '00000000-0000-4000-8000-000000000001';

/**
 * The releases feature's queries and writes of edition rows. Reads and writes take the
 * transaction or read context to run in (`Transactions`); the few reads snapshotted for review
 * (GenerateSql) take null for a fork of their own. The services decide, this file asks.
 */
@Injectable()
export class ReleasesRepository {
  constructor(private readonly em: EntityManager) {}

  private contextOf(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  @GenerateSql(
    { name: 'all', params: [null, {}] },
    { name: 'annual of a year', params: [null, { kind: 'annual', year: 2026 }] },
  )
  list(tx: Tx | null, filter: { kind?: EditionKind; year?: number }): Promise<ReleaseEdition[]> {
    return this.contextOf(tx).find(
      ReleaseEdition,
      {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.year ? { year: filter.year } : {}),
      },
      { orderBy: { year: 'desc', kind: 'asc', sequence: 'desc', createdAt: 'desc' } },
    );
  }

  @GenerateSql({ params: [null] })
  listIssued(tx: Tx | null): Promise<ReleaseEdition[]> {
    return this.contextOf(tx).find(
      ReleaseEdition,
      { state: 'issued' },
      { orderBy: { issuedAt: 'desc', id: 'asc' } },
    );
  }

  async load(tx: Tx, id: string): Promise<ReleaseEdition> {
    const edition = await emOf(tx).findOne(ReleaseEdition, id);
    if (!edition) throw new NotFoundError('刊期不存在', { id });
    return edition;
  }

  async loadIssued(tx: Tx, id: string): Promise<ReleaseEdition> {
    const edition = await emOf(tx).findOne(ReleaseEdition, { id, state: 'issued' });
    if (!edition) throw new NotFoundError('刊期不存在或尚未签发', { id });
    return edition;
  }

  findByCycleKey(cycleKey: string): Promise<ReleaseEdition | null> {
    return this.em.fork().findOne(ReleaseEdition, { cycleKey });
  }

  organizationTypeOf(id: string): Promise<string | null> {
    return this.em
      .fork()
      .findOne(Organization, id)
      .then((org) => org?.type ?? null);
  }

  /** The edition's items in order, with what the views and documents show of their achievements. */
  @GenerateSql(
    { name: 'all', params: [null, EDITION] },
    { name: 'selected', params: [null, EDITION, { selectedOnly: true }] },
  )
  items(
    tx: Tx | null,
    editionId: string,
    options: { selectedOnly?: boolean } = {},
  ): Promise<ReleaseEditionItem[]> {
    return this.contextOf(tx).find(
      ReleaseEditionItem,
      { edition: editionId, ...(options.selectedOnly ? { selected: true } : {}) },
      { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
    );
  }

  countItems(
    tx: Tx,
    editionId: string,
    where: { selected?: true; shortlisted?: true },
  ): Promise<number> {
    return emOf(tx).count(ReleaseEditionItem, { edition: editionId, ...where });
  }

  /** The votes each item of the edition has had. */
  @GenerateSql({ params: [null, EDITION] })
  async votesByAchievement(tx: Tx | null, editionId: string): Promise<Map<string, number>> {
    const votes = new Map<string, number>();
    for (const vote of await this.contextOf(tx).find(ReleaseEditionVote, { edition: editionId })) {
      votes.set(vote.achievement.id, (votes.get(vote.achievement.id) ?? 0) + 1);
    }
    return votes;
  }

  async displayName(tx: Tx, user: User | null): Promise<string | null> {
    return user ? ((await emOf(tx).findOne(User, user.id))?.displayName ?? null) : null;
  }

  /** The number of the edition a correction corrects, printed on the correction. */
  async correctsNumber(tx: Tx, edition: ReleaseEdition): Promise<string | null> {
    if (!edition.correctsEdition) return null;
    return (await emOf(tx).findOne(ReleaseEdition, edition.correctsEdition.id))?.number ?? null;
  }

  /** The document stored at issue (lazy columns, loaded only here). */
  async storedDocument(id: string, format: DocumentFormat): Promise<Buffer | null> {
    const row = await this.em.fork().findOneOrFail(ReleaseEdition, id, { populate: [format] });
    if (format === 'docx') return row.docx;
    return row.html === null ? null : Buffer.from(row.html);
  }

  /** Moves the version on, conditional on the one the editor saw; false when someone was first. */
  async claimVersion(tx: Tx, id: string, expected: number, at: Date): Promise<boolean> {
    const claimed = await emOf(tx).nativeUpdate(
      ReleaseEdition,
      { id, version: expected },
      { version: expected + 1, updatedAt: at },
    );
    return claimed === 1;
  }

  async update(tx: Tx, id: string, changes: Partial<ReleaseEdition>): Promise<void> {
    if (Object.keys(changes).length) await emOf(tx).nativeUpdate(ReleaseEdition, { id }, changes);
  }

  /** The status columns, the read model of the edition's machine (docs/adr/0008). */
  async writeStatus(
    tx: Tx,
    id: string,
    status: {
      state: EditionState;
      submittedBy: string | null;
      issuedAt: string | null;
      issuedBy: string | null;
    },
  ): Promise<void> {
    const em = emOf(tx);
    await em.nativeUpdate(
      ReleaseEdition,
      { id },
      {
        state: status.state,
        submittedBy: status.submittedBy ? em.getReference(User, status.submittedBy) : null,
        issuedAt: status.issuedAt ? new Date(status.issuedAt) : null,
        issuedBy: status.issuedBy ? em.getReference(User, status.issuedBy) : null,
      },
    );
  }

  /** The items of `ids` that exist, with their workflow (for the library check). */
  async achievements(tx: Tx, ids: string[]): Promise<Map<string, Achievement>> {
    const found = await emOf(tx).find(
      Achievement,
      { id: { $in: ids } },
      { populate: ['workflow'] },
    );
    return new Map(found.map((a) => [a.id, a]));
  }

  async itemsByAchievement(tx: Tx, editionId: string): Promise<Map<string, ReleaseEditionItem>> {
    const items = await emOf(tx).find(ReleaseEditionItem, { edition: editionId });
    return new Map(items.map((i) => [i.achievement.id, i]));
  }

  /** Writes the whole item list anew: adding, removing and reordering are one write. */
  async replaceItems(tx: Tx, edition: ReleaseEdition, rows: EditionItemRow[]) {
    const em = emOf(tx);
    await em.nativeDelete(ReleaseEditionItem, { edition: edition.id });
    for (const row of rows) em.create(ReleaseEditionItem, { edition, ...row });
    await em.flush();
  }

  /** Creates an edition with its items (written by `flush` or the caller's commit). */
  createEdition(
    tx: Tx,
    data: RequiredEntityData<ReleaseEdition>,
    items: NewEditionItem[],
  ): ReleaseEdition {
    const em = emOf(tx);
    const created = em.create(ReleaseEdition, data);
    for (const { achievementId, ...item } of items) {
      em.create(ReleaseEditionItem, {
        edition: created,
        achievement: em.getReference(Achievement, achievementId),
        ...item,
      });
    }
    return created;
  }

  /** Writes what the transaction has created so far (an edition and its workflow's first row). */
  async flush(tx: Tx): Promise<void> {
    await emOf(tx).flush();
  }

  /** The edition's items in order, with their achievements' workflow (the vote's ranking). */
  itemsToRank(tx: Tx, editionId: string): Promise<ReleaseEditionItem[]> {
    return emOf(tx).find(
      ReleaseEditionItem,
      { edition: editionId },
      { populate: ['achievement', 'achievement.workflow'], orderBy: { position: 'asc' } },
    );
  }

  /** An item's place in the list and whether it is selected, as the closed vote ranks it. */
  async placeItem(tx: Tx, itemId: string, position: number, selected: boolean): Promise<void> {
    await emOf(tx).nativeUpdate(ReleaseEditionItem, { id: itemId }, { position, selected });
  }

  /** The shortlisted items, by achievement id, with their achievements. */
  async shortlist(tx: Tx, editionId: string): Promise<Map<string, ReleaseEditionItem>> {
    const items = await emOf(tx).find(
      ReleaseEditionItem,
      { edition: editionId, shortlisted: true },
      { populate: ['achievement'] },
    );
    return new Map(items.map((i) => [i.achievement.id, i]));
  }

  /** The shortlist in order, with each achievement's unit (an expert's ballot). */
  ballotItems(tx: Tx, editionId: string): Promise<ReleaseEditionItem[]> {
    return emOf(tx).find(
      ReleaseEditionItem,
      { edition: editionId, shortlisted: true },
      { populate: ['achievement', 'achievement.ownerOrganization'], orderBy: { position: 'asc' } },
    );
  }

  /** The achievements an expert has voted for in the edition. */
  async votesOf(tx: Tx, editionId: string, expertId: string): Promise<string[]> {
    const votes = await emOf(tx).find(ReleaseEditionVote, {
      edition: editionId,
      expert: expertId,
    });
    return votes.map((v) => v.achievement.id);
  }

  /** Replaces an expert's ballot with votes for `achievements`. */
  async replaceVotes(
    tx: Tx,
    edition: ReleaseEdition,
    expertId: string,
    achievements: Achievement[],
    at: Date,
  ): Promise<void> {
    const em = emOf(tx);
    await em.nativeDelete(ReleaseEditionVote, { edition: edition.id, expert: expertId });
    for (const achievement of achievements) {
      em.create(ReleaseEditionVote, {
        edition,
        achievement,
        expert: em.getReference(User, expertId),
        createdAt: at,
      });
    }
    await em.flush();
  }
}
