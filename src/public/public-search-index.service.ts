import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/tx';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import type { PublicSearchQuery } from './dto/public-search.query';
import { PublicSearchRepository } from './public-search.repository';

/**
 * The public full-text index (see Migration20261125215000PublicSearch) and the public listing
 * (Migration20261126015000PublicListing). Both hold published items only: a runner listener adds
 * an item in the transaction that publishes it and removes it in the one that takes it off
 * (revocation, a dispute), so neither disagrees with the state. The statements are
 * PublicSearchRepository's.
 */
@Injectable()
export class PublicSearchIndexService {
  /**
   * Above this many trigram matches (SQLite, no column filter) a page walks the listing in list
   * order and stops when it is full, instead of sorting every match: one material of twelve at
   * 100,000 items matched ~1,700 and the sort cost 10–15 ms a query against 2–4 ms. Below it the
   * sort of a few rows is the cheaper plan. Tests set it to 0 to take the walk with few items.
   */
  orderedWalkAbove = 200;

  constructor(private readonly repository: PublicSearchRepository) {}

  /** Declared in src/workflow-reactions.ts: publishing indexes an item, leaving removes it. */
  async follow(tx: Tx, result: TransitionResult): Promise<void> {
    if (result.state === 'published' && result.fromState !== 'published') {
      await this.repository.index(tx, result.id);
    } else if (result.fromState === 'published' && result.state !== 'published') {
      await this.repository.remove(tx, result.id);
    }
  }

  /**
   * One page of the public list, newest first: the ids of published items matching the filters
   * and every term of `q` (see PublicSearchRepository.page), and the cursor of the next page.
   */
  page(query: PublicSearchQuery): Promise<{ ids: string[]; nextCursor: string | null }> {
    return this.repository.page(query, {
      cursor: query.cursor,
      limit: query.limit ?? 20,
      orderedWalkAbove: this.orderedWalkAbove,
    });
  }

  /**
   * How many published items match the filters and every term (「共 N 项」 on the public list):
   * the same conditions as `page`, without its cursor and its plan for walking in list order.
   */
  count(query: PublicSearchQuery): Promise<number> {
    return this.repository.count(query);
  }
}
