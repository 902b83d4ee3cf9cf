import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { Attachment, type AttachmentKind } from '../attachments/attachment.entity';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';

import { EligibilityCheck } from './eligibility-check.entity';
import { TopJournal } from './top-journal.entity';

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const ONE_ID = '00000000-0000-4000-8000-000000000001';
const TWO_IDS = [ONE_ID, '00000000-0000-4000-8000-000000000002'];

/** What the eligibility check writes. */
export type CheckRow = Omit<EligibilityCheck, 'id' | 'achievement'> & { achievement: Achievement };

/**
 * The eligibility check's reads and writes: the items and their attachments the rules look at,
 * the top-journal list, and the checklists recorded on entering 形式审查.
 */
@Injectable()
export class EligibilityRepository {
  constructor(private readonly em: EntityManager) {}

  /** The caller's unit of work, or (null, as in the SQL snapshots) a fork of its own. */
  private on(tx: Tx | null): EntityManager {
    return tx ? emOf(tx) : this.em.fork();
  }

  findItem(tx: Tx, id: string): Promise<Achievement | null> {
    return emOf(tx).findOne(Achievement, id);
  }

  item(tx: Tx, id: string): Promise<Achievement> {
    return emOf(tx).findOneOrFail(Achievement, id);
  }

  items(tx: Tx, ids: readonly string[]): Promise<Achievement[]> {
    return emOf(tx).find(Achievement, { id: { $in: [...ids] } });
  }

  /** The checklist recorded last for the item (latest check, then latest audit row). */
  @GenerateSql({ params: [null, ONE_ID] })
  latestCheck(tx: Tx | null, itemId: string): Promise<EligibilityCheck | null> {
    return this.on(tx).findOne(
      EligibilityCheck,
      { achievement: itemId },
      { orderBy: { checkedAt: 'desc', auditSeq: 'desc' } },
    );
  }

  /** Records a checklist in the transaction of the event that brought the item in. */
  async recordCheck(tx: Tx, row: CheckRow): Promise<void> {
    const em = emOf(tx);
    em.create(EligibilityCheck, row);
    await em.flush();
  }

  /** The kinds of the item's attachments that are not deleted. */
  @GenerateSql({ params: [null, ONE_ID] })
  async attachmentKinds(tx: Tx | null, itemId: string): Promise<AttachmentKind[]> {
    const attachments = await this.on(tx).find(
      Attachment,
      { achievement: itemId, deletedAt: null },
      { fields: ['kind'] },
    );
    return attachments.map((a) => a.kind);
  }

  /** The same for several items: each live attachment's item and kind. */
  @GenerateSql({ params: [null, TWO_IDS] })
  async attachmentKindsOfMany(
    tx: Tx | null,
    itemIds: readonly string[],
  ): Promise<{ itemId: string; kind: AttachmentKind }[]> {
    const attachments = await this.on(tx).find(
      Attachment,
      { achievement: { $in: [...itemIds] }, deletedAt: null },
      { fields: ['kind', 'achievement'] },
    );
    return attachments.map((a) => ({ itemId: a.achievement.id, kind: a.kind }));
  }

  /** The journals the top-journal rule counts. */
  @GenerateSql({ params: [null] })
  activeJournals(tx: Tx | null): Promise<TopJournal[]> {
    return this.on(tx).find(TopJournal, { active: true });
  }

  /** The whole list as the office edits it, by tier and name. */
  journals(tx: Tx): Promise<TopJournal[]> {
    return emOf(tx).find(TopJournal, {}, { orderBy: { tier: 'asc', name: 'asc' } });
  }

  journal(tx: Tx, id: string): Promise<TopJournal | null> {
    return emOf(tx).findOne(TopJournal, id);
  }

  journalByIssn(tx: Tx, issn: string): Promise<TopJournal | null> {
    return emOf(tx).findOne(TopJournal, { issn });
  }

  async addJournal(tx: Tx, row: Omit<TopJournal, 'id'>): Promise<TopJournal> {
    const em = emOf(tx);
    const journal = em.create(TopJournal, row);
    await em.flush();
    return journal;
  }

  async updateJournal(tx: Tx, journal: TopJournal, values: Partial<TopJournal>): Promise<void> {
    const em = emOf(tx);
    em.assign(journal, values);
    await em.flush();
  }
}
