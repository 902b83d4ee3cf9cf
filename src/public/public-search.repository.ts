import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Achievement } from '../achievements/achievement.entity';
import { InvalidInputError } from '../common/domain-errors';
import type { Category, LevelClaim } from '../reference/achievement-category';
import { dialectOf, isPostgres, toDbTime } from '../database/dialect';
import { GenerateSql } from '../database/generate-sql';
import { emOf, type Tx } from '../database/tx';

/** Trigram indexes cannot answer a term shorter than this; such terms fall back to LIKE. */
export const TRIGRAM_MIN_CHARS = 3;

/** The public list's filters and terms, as the search reads them. */
export interface PublicSearchFilters {
  city?: string;
  domain?: string;
  category?: string;
  year?: number;
  q?: string;
}

/** Which page: the one after `cursor` (the previous page's nextCursor), of `limit` rows. */
export interface PublicSearchPage {
  cursor?: string;
  limit: number;
  /** See PublicSearchIndexService.orderedWalkAbove. */
  orderedWalkAbove: number;
}

/** One row of the public view's query; JSON and booleans arrive as each database stores them. */
export interface PublicRow {
  id: string;
  title: string;
  summary: string;
  category: Category;
  domain_key: string;
  domain_name: string;
  level_claim: LevelClaim;
  breaks_monopoly: boolean | number;
  fills_gap: boolean | number;
  completing_units: string | Achievement['completingUnits'];
  completers: string | Achievement['completers'];
  city: string;
  organization: string;
}

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

const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const termsOf = (q?: string) => (q ?? '').trim().split(/\s+/).filter(Boolean);

/** Fixed arguments for the SQL snapshots (see GenerateSql). */
const FIRST_PAGE: PublicSearchPage = { limit: 20, orderedWalkAbove: 200 };
const NEXT_PAGE: PublicSearchPage = {
  cursor: encodeCursor(Date.UTC(2026, 2, 1), '00000000-0000-4000-8000-000000000001'),
  limit: 20,
  orderedWalkAbove: 200,
};

/**
 * The public full-text index (see Migration20261125215000PublicSearch) and the public listing
 * (Migration20261126015000PublicListing), both holding published items only (see
 * PublicSearchIndexService), and the public view of a listed item.
 *
 * A query is split on white space and every term must match (title, summary or units). A term of
 * 3+ characters is an FTS5 trigram phrase on SQLite, an ILIKE served by the pg_trgm GIN index on
 * PostgreSQL; a shorter one ("芯片") cannot be expressed as a trigram and is a LIKE on the
 * listing's copy of the same text.
 */
@Injectable()
export class PublicSearchRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * One page of the public list, newest first: the ids of published items matching the filters and every term of
   * `q`, read from public_listing in the order of the index its leading filter has, so a page
   * reads about `limit` rows and no count. Terms of 3+ characters go through the trigram index
   * (FTS5 / pg_trgm); a shorter term is a LIKE over the listing's text, checked row by row in
   * list order, so it stops once the page is full: its worst case, a short term that matches
   * nothing, reads every published row once.
   */
  @GenerateSql(
    { name: 'no filter', params: [{}, FIRST_PAGE] },
    { name: 'city and year, next page', params: [{ city: '杭州', year: 2026 }, NEXT_PAGE] },
    { name: 'long term', params: [{ q: '集成电路' }, FIRST_PAGE] },
    { name: 'long term and domain', params: [{ q: '集成电路', domain: 'ai' }, FIRST_PAGE] },
    {
      name: 'short term and category',
      params: [{ q: '芯片', category: 'basicResearch' }, FIRST_PAGE],
    },
  )
  async page(
    filters: PublicSearchFilters,
    page: PublicSearchPage,
  ): Promise<{ ids: string[]; nextCursor: string | null }> {
    const postgres = isPostgres(this.em);
    const where: string[] = [];
    const params: unknown[] = [];
    whereColumns(filters, where, params);
    let listing = '"public_listing" p';
    const terms = termsOf(filters.q);
    const long = terms.filter((t) => [...t].length >= TRIGRAM_MIN_CHARS);
    if (long.length && postgres) {
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
        if (Number(n) > page.orderedWalkAbove) {
          // The walk checks the matches' FTS5 rowids, which need no read of the index's content.
          listing += ' indexed by "public_listing_order_index"';
          where[where.length - 1] =
            'p."search_rowid" in (select "rowid" from "achievement_fts" where "achievement_fts" match ?)';
        }
      }
    }
    for (const term of terms.filter((t) => !long.includes(t))) {
      where.push(`p."document" ${postgres ? 'ilike' : 'like'} ? escape '\\'`);
      params.push(likeOf(term));
    }
    if (page.cursor) {
      const [at, id] = decodeCursor(page.cursor);
      where.push('(p."created_at" < ? or (p."created_at" = ? and p."achievement_id" < ?))');
      const bound = toDbTime(dialectOf(this.em), new Date(at));
      params.push(bound, bound, id);
    }
    const rows = await (this.em.fork() as SqlEntityManager).execute<
      { achievement_id: string; created_at: number | string | Date }[]
    >(
      `select p."achievement_id", p."created_at" from ${listing}${where.length ? ` where ${where.join(' and ')}` : ''} order by p."created_at" desc, p."achievement_id" desc limit ?`,
      [...params, page.limit + 1],
    );
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      ids: items.map((r) => r.achievement_id),
      nextCursor:
        rows.length > page.limit
          ? encodeCursor(new Date(last.created_at).getTime(), last.achievement_id)
          : null,
    };
  }

  /**
   * How many published items match the filters and every term: the same conditions as `page`,
   * without its position and its plan for walking in list order.
   */
  @GenerateSql(
    { name: 'no filter', params: [{}] },
    { name: 'terms and city', params: [{ q: '芯片 集成电路', city: '杭州' }] },
  )
  async count(filters: PublicSearchFilters): Promise<number> {
    const postgres = isPostgres(this.em);
    const where: string[] = [];
    const params: unknown[] = [];
    whereColumns(filters, where, params);
    for (const term of termsOf(filters.q)) {
      if ([...term].length < TRIGRAM_MIN_CHARS) {
        where.push(`p."document" ${postgres ? 'ilike' : 'like'} ? escape '\\'`);
        params.push(likeOf(term));
      } else if (postgres) {
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

  /**
   * The public view's rows of those of `ids` that are published (listed), in one query:
   * hydrating entities with their organisation and domain cost 50 ms for a page of 20 under
   * load, the query itself 1 ms.
   */
  @GenerateSql({ params: [['00000000-0000-4000-8000-000000000001']] })
  async views(ids: string[]): Promise<PublicRow[]> {
    if (ids.length === 0) return [];
    return (this.em.fork() as SqlEntityManager).execute<PublicRow[]>(
      `select a."id", a."title", a."summary", a."category", a."domain_key", d."name" as "domain_name",
         a."level_claim", a."breaks_monopoly", a."fills_gap", a."completing_units", a."completers",
         o."city", o."name" as "organization"
       from "public_listing" p
       join "achievement" a on a."id" = p."achievement_id"
       join "organization" o on o."id" = a."owner_organization_id"
       join "strategic_domain" d on d."key" = a."domain_key"
       where p."achievement_id" in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  }

  /** Lists an item and indexes its text, in the caller's transaction (the one publishing it). */
  async index(tx: Tx, id: string): Promise<void> {
    const em = emOf(tx);
    const item = await em.findOneOrFail(Achievement, id, {
      populate: ['ownerOrganization', 'workflow'],
    });
    const units = [
      ...new Set([item.ownerOrganization.name, ...(item.completingUnits ?? []).map((u) => u.name)]),
    ].join(' ');
    const sql = em as SqlEntityManager;
    await this.remove(tx, id);
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
    if (isPostgres(this.em)) {
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

  /** Takes an item off the listing and out of the index, in the caller's transaction. */
  async remove(tx: Tx, id: string): Promise<void> {
    const sql = emOf(tx) as SqlEntityManager;
    // By the listing's link to the FTS5 row: by `achievement_id`, an unindexed FTS5 column, the
    // delete read every published item.
    await sql.execute(
      isPostgres(this.em)
        ? 'delete from "achievement_search" where "achievement_id" = ?'
        : 'delete from `achievement_fts` where `rowid` in (select `search_rowid` from `public_listing` where `achievement_id` = ?)',
      [id],
    );
    await sql.execute('delete from "public_listing" where "achievement_id" = ?', [id]);
  }
}

/** The column filters as conditions on the listing `p`. */
function whereColumns(filters: PublicSearchFilters, where: string[], params: unknown[]): void {
  for (const [column, value] of [
    ['city', filters.city],
    ['domain_key', filters.domain],
    ['category', filters.category],
    ['batch_year', filters.year],
  ] as const) {
    if (value === undefined) continue;
    where.push(`p."${column}" = ?`);
    params.push(value);
  }
}
