import { raw, type FilterQuery } from '@mikro-orm/core';
import { Achievement } from './achievement.entity';
import type { ListAchievementsQuery } from './dto/list-achievements.query';

/** The states that hold most of a mature province's items (about 80 % of the bench's province). */
export const POPULOUS_STATES: readonly string[] = ['inLibrary', 'published'];

/**
 * `column = value`, written `+column = value` on SQLite when the value matches a large share of
 * the rows. SQLite keeps no statistics of a column's values, so it takes any index on the column
 * as selective and sorts every match before taking a page (58,000 rows for 已入库 at 100,000
 * items, half a second); the unary `+` keeps it off that index, so the plan walks the list
 * order's index and stops after a page. PostgreSQL plans from its own statistics.
 */
export function unselective(
  property: string,
  column: string,
  value: string,
  sqlite: boolean,
): FilterQuery<never> {
  return sqlite
    ? { [raw((alias) => `+${alias}.${column} = ?`, [value])]: [] }
    : { [property]: value };
}

/**
 * The filters of the signed-in item list (API and console); visibility is added by the caller.
 * AchievementsRepository.page runs them.
 */
export function achievementFilters(
  query: ListAchievementsQuery,
  { sqlite = false }: { sqlite?: boolean } = {},
): FilterQuery<Achievement>[] {
  const conditions: FilterQuery<Achievement>[] = [];
  if (query.state) {
    conditions.push({
      workflow: POPULOUS_STATES.includes(query.state)
        ? unselective('state', 'state', query.state, sqlite)
        : { state: query.state },
    });
  }
  if (query.category) conditions.push({ category: query.category });
  if (query.domain) conditions.push({ domain: query.domain });
  // A city is a tenth of the province or more: the same as a populous state.
  if (query.city)
    conditions.push({ ownerOrganization: unselective('city', 'city', query.city, sqlite) });
  if (query.year) conditions.push({ workflow: { batchKey: { $like: `${query.year}-%` } } });
  if (query.q) conditions.push(textOrNumber(query.q));
  return conditions;
}

/**
 * An item's number (编号) is the start of its id, as the item page and the audit list show it: a
 * search for 6 or more hexadecimal characters also finds the item whose id begins with them.
 */
export function itemNumber(id: string): string {
  return id.slice(0, 8);
}

function textOrNumber(q: string): FilterQuery<Achievement> {
  const text = textContains(['title', 'summary'], q);
  const number = q.trim().toLowerCase();
  if (!/^[0-9a-f][0-9a-f-]{5,35}$/.test(number)) return text;
  // cast(… as text): the id is a uuid column on PostgreSQL, where like needs text.
  const byNumber = { [raw((alias) => `cast(${alias}.id as text) like ?`, [`${number}%`])]: [] };
  return { $or: [text, byNumber] };
}

/**
 * Any of the columns contains the text, ignoring case, with `%`, `_` and `\` taken literally. The
 * ESCAPE clause is spelled out because SQLite's LIKE has no escape character by default, and
 * lower() on both sides because PostgreSQL's LIKE is case-sensitive where SQLite's is not.
 */
function textContains(columns: string[], text: string): FilterQuery<Achievement> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return {
    [raw(
      (alias) => `(${columns.map((c) => `lower(${alias}.${c}) like ? escape '\\'`).join(' or ')})`,
      columns.map(() => pattern),
    )]: [],
  };
}
