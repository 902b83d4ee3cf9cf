import { Entity, Index, ManyToOne, PrimaryKey, Property, t } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/user.entity';

export const EDITION_KINDS = ['monthly', 'quarterly', 'annual'] as const;
export type EditionKind = (typeof EDITION_KINDS)[number];

export const EDITION_STATES = ['draft', 'underReview', 'issued'] as const;
export type EditionState = (typeof EDITION_STATES)[number];

/** The annual list's optional expert vote: none, open (experts vote), closed (the office closed it). */
export const VOTING_STATES = ['none', 'open', 'closed'] as const;
export type VotingState = (typeof VOTING_STATES)[number];

/** The release event of a quarterly edition (发布活动). */
export interface EditionEventDetails {
  date: string | null;
  venue: string | null;
  coHosts: string[];
  linkedActivities: string[];
  presenters: string[];
}

/**
 * One release: a monthly report (月报), a quarterly release event (季度发布) or the annual list
 * (年度榜单). Drafts are curated by the office; issuing publishes the items and freezes the
 * rendered documents. A correction is a new edition pointing at the one it corrects.
 */
@Entity({ tableName: 'release_edition' })
@Index({ properties: ['kind', 'year', 'sequence'] })
@Index({ properties: ['state', 'issuedAt'] })
export class ReleaseEdition {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 16 })
  kind: EditionKind;

  /** As printed, e.g. "2026年第11期". */
  @Property({ type: 'string', length: 64 })
  number: string;

  /** Month, quarter or 1 within the kind and year; a correction repeats the corrected one's. */
  @Property({ type: 'integer' })
  sequence: number;

  @Property({ type: 'integer' })
  year: number;

  @Property({ type: t.datetime })
  periodStart: Date;

  /** Exclusive end of the period covered. */
  @Property({ type: t.datetime })
  periodEnd: Date;

  @Property({ type: 'string', length: 16 })
  state: EditionState = 'draft';

  @Property({ type: t.datetime, nullable: true })
  issuedAt: Date | null = null;

  @ManyToOne({ entity: () => User, nullable: true })
  issuedBy: User | null = null;

  /**
   * Who submitted it for review (cleared when it goes back to draft): under the four-eyes rule
   * that person may not also issue it (see ReleasesService.issue).
   */
  @ManyToOne({ entity: () => User, nullable: true })
  submittedBy: User | null = null;

  @ManyToOne({ entity: () => ReleaseEdition, nullable: true })
  correctsEdition: ReleaseEdition | null = null;

  /** Who receives the monthly report (报), printed in its closing block. */
  @Property({ type: 'json', nullable: true })
  distributionList: string[] | null = null;

  /**
   * Who receives a copy (抄送); null (or absent) prints the office's default copy list. No
   * initializer, so an edition created without one leaves the column out of its insert.
   */
  @Property({ type: 'json', nullable: true })
  copyList?: string[] | null;

  @Property({ type: 'json', nullable: true })
  eventDetails: EditionEventDetails | null = null;

  /**
   * The cycle that drafted it, e.g. "monthly:2026-11"; unique so that a second run or a second
   * instance cannot draft the same edition twice. Null for corrections.
   */
  @Property({ type: 'string', length: 32, nullable: true, unique: true })
  cycleKey: string | null = null;

  @Property({ type: 'string', length: 16 })
  votingState: VotingState = 'none';

  /**
   * The documents as rendered at issue, kept in the row so they commit with the issue and never
   * change (a shared content-addressed file could be released by another feature's cleanup).
   * Lazy: lists never load them.
   */
  @Property({ type: 'blob', nullable: true, lazy: true })
  docx: Buffer | null = null;

  @Property({ type: 'text', nullable: true, lazy: true })
  html: string | null = null;

  /** SHA-256 of the stored DOCX, for integrity checks and caching. */
  @Property({ type: 'string', length: 64, nullable: true })
  docxSha256: string | null = null;

  @Property({ type: t.datetime })
  createdAt: Date;

  @Property({ type: t.datetime })
  updatedAt: Date;

  /** Bumped by every change with an UPDATE conditional on the old value; stale writers get 409. */
  @Property({ type: 'integer' })
  version: number = 1;
}
