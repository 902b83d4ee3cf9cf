import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Achievement } from '../achievements/achievement.entity';
import { InvalidInputError } from '../common/domain-errors';
import { dialectOf, isPostgres, toDbTime } from '../database/dialect';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import type { PublicSearchQuery } from './dto/public-search.query';

/** The cursor is the last row's sort key, (created_at in ms, id), opaque to clients. */
function encodeCursor(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return [value[0] as number, value[1]];
    }
  } catch {
    // falls through to the refusal below
  }
  throw InvalidInputError.field('cursor', '分页游标无效');
}

/** Trigram indexes cannot answer a term shorter than this; such terms fall back to LIKE. */
export const TRIGRAM_MIN_CHARS = 3;

/**
 * The public full-text index (see Migration20261125215000PublicSearch) and the public listing
 * (Migration20261126015000PublicListing). Both hold published items only: a runner listener adds
 * an item in the transaction that publishes it and removes it in the one that takes it off
 * (revocation, a dispute), so neither disagrees with the state.
 *
 * A query is split on white space and every term must match (title, summary or units). A term of
 * 3+ characters is an FTS5 trigram phrase on SQLite, an ILIKE served by the pg_trgm GIN index on
 * PostgreSQL; a shorter one ("芯片") cannot be expressed as a trigram and is a LIKE on the
 * listing's copy of the same text.
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

  constructor(private readonly em: EntityManager) {}

  /** Declared in src/workflow-reactions.ts: publishing indexes an item, leaving removes it. */
  async follow(em: EntityManager, result: TransitionResult): Promise<void> {
    if (result.state === 'published' && result.fromState !== 'published') {
      await this.index(em, result.id);
    } else if (result.fromState === 'published' && result.state !== 'published') {
      await this.remove(em, result.id);
    }
  }

  /**
   * One page of the public list, newest first: the ids of published items matching the filters
   * and every term of `q`, read from public_listing in the order of the index its leading filter
   * has, so a page reads about `limit` rows and no count. Terms of 3+ characters go through the
   * trigram index (FTS5 / pg_trgm); a shorter term is a LIKE over the listing's text, checked row
   * by row in list order, so it stops once the page is full: its worst case, a short term that
   * matches nothing, reads every published row once.
   */
  async page(query: PublicSearchQuery): Promise<{ ids: string[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['city', query.city],
      ['domain_key', query.domain],
      ['category', query.category],
      ['batch_year', query.year],
    ] as const) {
      if (value === undefined) continue;
      where.push(`p."${column}" = ?`);
      params.push(value);
    }
    let listing = '"public_listing" p';
    const terms = (query.q ?? '').trim().split(/\s+/).filter(Boolean);
    const long = terms.filter((t) => [...t].length >= TRIGRAM_MIN_CHARS);
    const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (long.length && this.postgres) {
      where.push(
        `p."achievement_id" in (select "achievement_id" from "achievement_search" where ${long.map(() => `"document" ilike ? escape '\\'`).join(' and ')})`,
      );
      params.push(...long.map(likeOf));
    } else if (long.length) {
      const match = long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
      where.push(
        'p."achievement_id" in (select "achievement_id" from "achievement_fts" where "achievement_fts" match ?)',
      );
      params.push(match);
      // The planner cannot know how many rows a match gives; FTS5 counts them from its index
      // alone (well under a millisecond), so the page can pick the plan that fits.
      if (where.length === 1) {
        const [{ n }] = await (this.em.fork() as SqlEntityManager).execute<{ n: number }[]>(
          'select count(*) as "n" from "achievement_fts" where "achievement_fts" match ?',
          [match],
        );
        if (Number(n) === 0) return { ids: [], nextCursor: null };
        if (Number(n) > this.orderedWalkAbove) {
          // The walk checks the matches' FTS5 rowids, which need no read of the index's content.
          listing += ' indexed by "public_listing_order_index"';
          where[where.length - 1] =
            'p."search_rowid" in (select "rowid" from "achievement_fts" where "achievement_fts" match ?)';
        }
      }
    }
    for (const term of terms.filter((t) => !long.includes(t))) {
      where.push(`p."document" ${this.postgres ? 'ilike' : 'like'} ? escape '\\'`);
      params.push(likeOf(term));
    }
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      where.push('(p."created_at" < ? or (p."created_at" = ? and p."achievement_id" < ?))');
      const bound = toDbTime(dialectOf(this.em), new Date(at));
      params.push(bound, bound, id);
    }
    const rows = await (this.em.fork() as SqlEntityManager).execute<
      { achievement_id: string; created_at: number | string | Date }[]
    >(
      `select p."achievement_id", p."created_at" from ${listing}${where.length ? ` where ${where.join(' and ')}` : ''} order by p."created_at" desc, p."achievement_id" desc limit ?`,
      [...params, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      ids: items.map((r) => r.achievement_id),
      nextCursor:
        rows.length > limit
          ? encodeCursor(new Date(last.created_at).getTime(), last.achievement_id)
          : null,
    };
  }

  /**
   * How many published items match the filters and every term (「共 N 项」 on the public list):
   * the same conditions as `page`, without its cursor and its plan for walking in list order.
   */
  async count(query: PublicSearchQuery): Promise<number> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['city', query.city],
      ['domain_key', query.domain],
      ['category', query.category],
      ['batch_year', query.year],
    ] as const) {
      if (value === undefined) continue;
      where.push(`p."${column}" = ?`);
      params.push(value);
    }
    const terms = (query.q ?? '').trim().split(/\s+/).filter(Boolean);
    const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    for (const term of terms) {
      if ([...term].length < TRIGRAM_MIN_CHARS) {
        where.push(`p."document" ${this.postgres ? 'ilike' : 'like'} ? escape '\\'`);
        params.push(likeOf(term));
      } else if (this.postgres) {
        where.push(
          `p."achievement_id" in (select "achievement_id" from "achievement_search" where "document" ilike ? escape '\\')`,
        );
        params.push(likeOf(term));
      } else {
        where.push(
          'p."search_rowid" in (select "rowid" from "achievement_fts" where "achievement_fts" match ?)',
        );
        params.push(`"${term.replace(/"/g, '""')}"`);
      }
    }
    const [{ n }] = await (this.em.fork() as SqlEntityManager).execute<{ n: number | string }[]>(
      `select count(*) as "n" from "public_listing" p${where.length ? ` where ${where.join(' and ')}` : ''}`,
      params,
    );
    return Number(n);
  }

  private async index(em: EntityManager, id: string): Promise<void> {
    const item = await em.findOneOrFail(Achievement, id, {
      populate: ['ownerOrganization', 'workflow'],
    });
    const units = [
      ...new Set([item.ownerOrganization.name, ...(item.completingUnits ?? []).map((u) => u.name)]),
    ].join(' ');
    const sql = em as SqlEntityManager;
    await this.remove(em, id);
    const batchYear = item.workflow.batchKey ? Number(item.workflow.batchKey.slice(0, 4)) : null;
    const listed = [
      id,
      toDbTime(dialectOf(em), item.createdAt),
      item.ownerOrganization.city,
      item.domain.key,
      item.category,
      batchYear,
      `${item.title} ${item.summary} ${units}`,
    ];
    const columns =
      '"achievement_id", "created_at", "city", "domain_key", "category", "batch_year", "document"';
    if (this.postgres) {
      await sql.execute(
        `insert into "public_listing" (${columns}) values (?, ?, ?, ?, ?, ?, ?)`,
        listed,
      );
      await sql.execute(
        'insert into "achievement_search" ("achievement_id", "title", "summary", "units", "document") values (?, ?, ?, ?, ?)',
        [id, item.title, item.summary, units, `${item.title} ${item.summary} ${units}`],
      );
      return;
    }
    // The next FTS5 rowid, chosen here so the listing row can carry it (see
    // migrations/public-search-rowid.sql.ts); the transaction holds SQLite's only write lock.
    const [{ next }] = await sql.execute<{ next: number }[]>(
      'select coalesce(max("rowid"), 0) + 1 as "next" from "achievement_fts"',
    );
    await sql.execute(
      'insert into `achievement_fts` (`rowid`, `achievement_id`, `title`, `summary`, `units`) values (?, ?, ?, ?, ?)',
      [next, id, item.title, item.summary, units],
    );
    await sql.execute(
      `insert into "public_listing" (${columns}, "search_rowid") values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [...listed, next],
    );
  }

  private async remove(em: EntityManager, id: string): Promise<void> {
    const sql = em as SqlEntityManager;
    // By the listing's link to the FTS5 row: by `achievement_id`, an unindexed FTS5 column, the
    // delete read every published item.
    await sql.execute(
      this.postgres
        ? 'delete from "achievement_search" where "achievement_id" = ?'
        : 'delete from `achievement_fts` where `rowid` in (select `search_rowid` from `public_listing` where `achievement_id` = ?)',
      [id],
    );
    await sql.execute('delete from "public_listing" where "achievement_id" = ?', [id]);
  }

  private get postgres(): boolean {
    return isPostgres(this.em);
  }
}
