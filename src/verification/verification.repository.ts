import { Injectable } from '@nestjs/common';
import { Achievement } from '../achievements/achievement.entity';
import { Attachment } from '../attachments/attachment.entity';
import { NotFoundError } from '../common/domain-errors';
import { emOf, type Tx } from '../database/tx';
import { User } from '../users/user.entity';
import { STATE } from './verification-rules';
import { VerificationVisit, type TeamMember } from './verification-visit.entity';

/** The team as the office forms it, written with the audit record. */
export interface TeamRow {
  visitId: string;
  itemId: string;
  team: TeamMember[];
  formedBy: string;
  formedAt: Date;
}

/** A site photo's attachment row, written with the audit record. */
export interface PhotoRow {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  itemId: string;
  uploadedBy: string;
  uploadedAt: Date;
}

/** The report as the team records it. */
export type ReportRow = Pick<VerificationVisit, 'checklist' | 'narrative' | 'conclusion'> & {
  reportedBy: string;
  reportedAt: Date;
};

/**
 * The verification's reads and writes: the item with its workflow and owner, its visit, the
 * people a team is formed from, the photos, and the rows each audited step writes. Every method
 * runs in the caller's unit of work, so it needs no EntityManager of its own.
 */
@Injectable()
export class VerificationRepository {
  async item(tx: Tx, id: string): Promise<Achievement> {
    const item = await emOf(tx).findOne(Achievement, id, {
      populate: ['workflow', 'ownerOrganization'],
    });
    if (!item) throw new NotFoundError('成果不存在', { id });
    return item;
  }

  visitOf(tx: Tx, itemId: string): Promise<VerificationVisit | null> {
    return emOf(tx).findOne(VerificationVisit, { achievement: itemId });
  }

  /** The visit as it is in the transaction (it exists: the caller read it before). */
  visit(tx: Tx, visitId: string): Promise<VerificationVisit> {
    return emOf(tx).findOneOrFail(VerificationVisit, visitId);
  }

  /** Open visits: not yet reported, the item still in verification, by visit day. */
  openVisits(tx: Tx): Promise<VerificationVisit[]> {
    return emOf(tx).find(
      VerificationVisit,
      { reportedAt: null, achievement: { workflow: { state: STATE } } },
      { populate: ['achievement'], orderBy: { visitDate: 'asc', id: 'asc' } },
    );
  }

  /** The visit with its item and workflow, for the overdue reminder. */
  visitWithItem(tx: Tx, visitId: string): Promise<VerificationVisit | null> {
    return emOf(tx).findOne(VerificationVisit, visitId, {
      populate: ['achievement', 'achievement.workflow'],
    });
  }

  photos(tx: Tx, ids: readonly string[]): Promise<Attachment[]> {
    if (!ids.length) return Promise.resolve([]);
    return emOf(tx).find(Attachment, { id: { $in: [...ids] } }, { orderBy: { uploadedAt: 'asc' } });
  }

  /** The users a team is asked to be formed from, with their units. */
  users(tx: Tx, ids: readonly string[]): Promise<User[]> {
    return emOf(tx).find(User, { id: { $in: [...ids] } }, { populate: ['organization'] });
  }

  /** Writes the team: onto the item's visit, or as its first visit. */
  saveTeam(tx: Tx, visit: VerificationVisit | null, row: TeamRow): void {
    const em = emOf(tx);
    const formedBy = em.getReference(User, row.formedBy);
    if (visit) {
      em.assign(visit, { team: row.team, formedBy, formedAt: row.formedAt });
      visit.updatedAt = row.formedAt;
      return;
    }
    em.create(VerificationVisit, {
      id: row.visitId,
      achievement: em.getReference(Achievement, row.itemId),
      team: row.team,
      formedBy,
      formedAt: row.formedAt,
      photos: [],
      updatedAt: row.formedAt,
    });
  }

  /** Writes a site photo's attachment row (its bytes are stored by the caller). */
  addPhoto(tx: Tx, photo: PhotoRow): void {
    const em = emOf(tx);
    em.create(Attachment, {
      id: photo.id,
      fileName: photo.fileName,
      mimeType: photo.mimeType,
      size: photo.size,
      sha256: photo.sha256,
      kind: 'photo',
      achievement: em.getReference(Achievement, photo.itemId),
      uploadedBy: em.getReference(User, photo.uploadedBy),
      uploadedAt: photo.uploadedAt,
      deletedAt: null,
      deletedBy: null,
    });
  }

  /** Writes the team's report onto the visit. */
  saveReport(tx: Tx, visit: VerificationVisit, report: ReportRow): void {
    visit.checklist = report.checklist;
    visit.narrative = report.narrative;
    visit.conclusion = report.conclusion;
    visit.reportedBy = emOf(tx).getReference(User, report.reportedBy);
    visit.reportedAt = report.reportedAt;
    visit.updatedAt = report.reportedAt;
  }
}
