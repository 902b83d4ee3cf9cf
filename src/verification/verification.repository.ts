import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Achievement } from '../achievements/achievement.entity';
import { Attachment } from '../attachments/attachment.entity';
import { NotFoundError } from '../common/domain-errors';
import { STATE } from './verification-rules';
import { VerificationVisit } from './verification-visit.entity';

/** The verification's reads: the item with its workflow and owner, its visit, the photos. */
@Injectable()
export class VerificationRepository {
  constructor(private readonly em: EntityManager) {}

  /** A fresh context for one request or job. */
  fork(): EntityManager {
    return this.em.fork();
  }

  async item(em: EntityManager, id: string): Promise<Achievement> {
    const item = await em.findOne(Achievement, id, { populate: ['workflow', 'ownerOrganization'] });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  visitOf(em: EntityManager, itemId: string): Promise<VerificationVisit | null> {
    return em.findOne(VerificationVisit, { achievement: itemId });
  }

  /** Open visits: not yet reported, the item still in verification, by visit day. */
  openVisits(em: EntityManager): Promise<VerificationVisit[]> {
    return em.find(
      VerificationVisit,
      { reportedAt: null, achievement: { workflow: { state: STATE } } },
      { populate: ['achievement'], orderBy: { visitDate: 'asc', id: 'asc' } },
    );
  }

  /** The visit with its item and workflow, for the overdue reminder. */
  visitWithItem(em: EntityManager, visitId: string): Promise<VerificationVisit | null> {
    return em.findOne(VerificationVisit, visitId, {
      populate: ['achievement', 'achievement.workflow'],
    });
  }

  photos(em: EntityManager, ids: readonly string[]): Promise<Attachment[]> {
    if (!ids.length) return Promise.resolve([]);
    return em.find(Attachment, { id: { $in: [...ids] } }, { orderBy: { uploadedAt: 'asc' } });
  }
}
