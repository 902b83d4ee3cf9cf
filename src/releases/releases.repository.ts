import { Injectable } from '@nestjs/common';
import { EntityManager, type RequiredEntityData } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { NotFoundError } from '../common/domain-errors';
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

/**
 * The releases feature's queries and writes of edition rows. Reads take the EntityManager to run
 * in (a transaction's, or a fork of their own by default); the services decide, this file asks.
 */
@Injectable()
export class ReleasesRepository {
  constructor(private readonly em: EntityManager) {}

  /** A context of its own, for several reads that belong together (a list and its views). */
  reader(): EntityManager {
    return this.em.fork();
  }

  transactional<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.em.fork().transactional(work);
  }

  list(
    em: EntityManager,
    filter: { kind?: EditionKind; year?: number },
  ): Promise<ReleaseEdition[]> {
    return em.find(
      ReleaseEdition,
      {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.year ? { year: filter.year } : {}),
      },
      { orderBy: { year: 'desc', kind: 'asc', sequence: 'desc', createdAt: 'desc' } },
    );
  }

  listIssued(em: EntityManager): Promise<ReleaseEdition[]> {
    return em.find(
      ReleaseEdition,
      { state: 'issued' },
      { orderBy: { issuedAt: 'desc', id: 'asc' } },
    );
  }

  async load(em: EntityManager, id: string): Promise<ReleaseEdition> {
    const edition = await em.findOne(ReleaseEdition, id);
    if (!edition) throw new NotFoundError('刊期不存在', { id });
    return edition;
  }

  async loadIssued(em: EntityManager, id: string): Promise<ReleaseEdition> {
    const edition = await em.findOne(ReleaseEdition, { id, state: 'issued' });
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
  items(
    em: EntityManager,
    editionId: string,
    options: { selectedOnly?: boolean } = {},
  ): Promise<ReleaseEditionItem[]> {
    return em.find(
      ReleaseEditionItem,
      { edition: editionId, ...(options.selectedOnly ? { selected: true } : {}) },
      { populate: ITEM_POPULATE, orderBy: { position: 'asc' } },
    );
  }

  countItems(
    em: EntityManager,
    editionId: string,
    where: { selected?: true; shortlisted?: true },
  ): Promise<number> {
    return em.count(ReleaseEditionItem, { edition: editionId, ...where });
  }

  async votesByAchievement(em: EntityManager, editionId: string): Promise<Map<string, number>> {
    const votes = new Map<string, number>();
    for (const vote of await em.find(ReleaseEditionVote, { edition: editionId })) {
      votes.set(vote.achievement.id, (votes.get(vote.achievement.id) ?? 0) + 1);
    }
    return votes;
  }

  async displayName(em: EntityManager, user: User | null): Promise<string | null> {
    return user ? ((await em.findOne(User, user.id))?.displayName ?? null) : null;
  }

  /** The number of the edition a correction corrects, printed on the correction. */
  async correctsNumber(em: EntityManager, edition: ReleaseEdition): Promise<string | null> {
    if (!edition.correctsEdition) return null;
    return (await em.findOne(ReleaseEdition, edition.correctsEdition.id))?.number ?? null;
  }

  /** The document stored at issue (lazy columns, loaded only here). */
  async storedDocument(id: string, format: DocumentFormat): Promise<Buffer | null> {
    const row = await this.em.fork().findOneOrFail(ReleaseEdition, id, { populate: [format] });
    if (format === 'docx') return row.docx;
    return row.html === null ? null : Buffer.from(row.html);
  }

  /** Moves the version on, conditional on the one the editor saw; false when someone was first. */
  async claimVersion(tx: EntityManager, id: string, expected: number, at: Date): Promise<boolean> {
    const claimed = await tx.nativeUpdate(
      ReleaseEdition,
      { id, version: expected },
      { version: expected + 1, updatedAt: at },
    );
    return claimed === 1;
  }

  async update(em: EntityManager, id: string, changes: Partial<ReleaseEdition>): Promise<void> {
    if (Object.keys(changes).length) await em.nativeUpdate(ReleaseEdition, { id }, changes);
  }

  /** The status columns, the read model of the edition's machine (docs/adr/0008). */
  async writeStatus(
    em: EntityManager,
    id: string,
    status: {
      state: EditionState;
      submittedBy: string | null;
      issuedAt: string | null;
      issuedBy: string | null;
    },
  ): Promise<void> {
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
  async achievements(tx: EntityManager, ids: string[]): Promise<Map<string, Achievement>> {
    const found = await tx.find(Achievement, { id: { $in: ids } }, { populate: ['workflow'] });
    return new Map(found.map((a) => [a.id, a]));
  }

  async itemsByAchievement(
    tx: EntityManager,
    editionId: string,
  ): Promise<Map<string, ReleaseEditionItem>> {
    const items = await tx.find(ReleaseEditionItem, { edition: editionId });
    return new Map(items.map((i) => [i.achievement.id, i]));
  }

  /** Writes the whole item list anew: adding, removing and reordering are one write. */
  async replaceItems(tx: EntityManager, edition: ReleaseEdition, rows: EditionItemRow[]) {
    await tx.nativeDelete(ReleaseEditionItem, { edition: edition.id });
    for (const row of rows) tx.create(ReleaseEditionItem, { edition, ...row });
    await tx.flush();
  }

  /** Creates an edition with its items (flushed by the caller's transaction). */
  createEdition(
    tx: EntityManager,
    data: RequiredEntityData<ReleaseEdition>,
    items: NewEditionItem[],
  ): ReleaseEdition {
    const created = tx.create(ReleaseEdition, data);
    for (const { achievementId, ...item } of items) {
      tx.create(ReleaseEditionItem, {
        edition: created,
        achievement: tx.getReference(Achievement, achievementId),
        ...item,
      });
    }
    return created;
  }
}
