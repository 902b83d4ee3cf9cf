import { EntityManager, raw, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { Achievement } from '../../achievements/achievement.entity';
import { KIND_LABELS } from '../../releases/edition-views';
import { ReleaseEdition } from '../../releases/release-edition.entity';
import { User } from '../../users/user.entity';
import { AuditEvent } from '../../workflow/audit-event.entity';
import { WorkflowInstance } from '../../workflow/workflow-instance.entity';

/** The console's audit search, every filter optional; dates are instants (the day bounds in Shanghai). */
export interface AuditSearch {
  /** Part of an item's title, or its number (the id, or the first 8+ characters shown). */
  text?: string;
  /** Part of a person's name or user name; 系统 for the system's own events. */
  person?: string;
  event?: string;
  from?: Date;
  to?: Date;
}

/** One audit row with the names a person reads: the item's title and the actor's name. */
export interface AuditRow {
  id: string;
  instanceId: string;
  title: string | null;
  /**
   * The console page of what the row is about: an item's or an edition's page; null for the
   * lifecycles without one (collection periods, ranking reports), so no link leads nowhere.
   */
  href: string | null;
  /** The workflow the row belongs to, so its states and events read in that machine's words. */
  workflow: string | null;
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  at: Date;
  comment: string | null;
  hash: string;
}

/** MikroORM takes a knex query as an `$in` operand (a SQL subquery); its types want a list. */
function subquery(query: unknown): string[] {
  return query as string[];
}

const SYSTEM_WORDS = ['系统', 'system'];
const NUMBER = /^[0-9a-f-]{8,36}$/i;

/** `%text%` for LIKE with `%`, `_` and `\` taken literally (the ESCAPE clause is written out). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The audit search in SQL: filters and keyset paging (newest first) in the database, so a page
 * costs the same on 20,000 items as on 20. Title and person filters are subqueries on the item
 * and user tables (an item's id is its workflow instance's id).
 */
@Injectable()
export class AuditSearchRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * One page, newest first; `before` is the previous page's `nextCursor`: its last id, or with a
   * date range `<epoch ms>_<id>`, since such a page is read in `(at, id)` order straight off the
   * index that finds the range (sorting a month's tens of thousands of ids was most of the page).
   */
  async page(
    search: AuditSearch,
    limit: number,
    before?: string,
  ): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
    const em = this.em.fork() as SqlEntityManager;
    const where = this.where(em, search);
    const dated = Boolean(search.from || search.to);
    const cursor = before ? /^(?:(\d+)_)?(\d+)$/.exec(before) : null;
    if (cursor && dated && cursor[1]) {
      const at = new Date(Number(cursor[1]));
      where.push({ at: { $lte: at } }, { $or: [{ at: { $lt: at } }, { id: { $lt: cursor[2] } }] });
    } else if (cursor) {
      where.push({ id: { $lt: cursor[2] } });
    }
    const order = dated ? ({ at: 'desc', id: 'desc' } as const) : ({ id: 'desc' } as const);
    // The page's ids first (from an index alone where one serves), then only their rows.
    const ids = await em
      .createQueryBuilder(AuditEvent, 'e')
      .select('e.id')
      .where(where.length ? { $and: where } : {})
      .orderBy(order)
      .limit(limit + 1)
      .execute<{ id: string | number }[]>('all', false);
    const events = ids.length
      ? await em.find(AuditEvent, { id: { $in: ids.map((r) => String(r.id)) } }, { orderBy: order })
      : [];
    const page = events.slice(0, limit);
    const last = page[page.length - 1];
    return {
      rows: await this.named(em, page),
      nextCursor:
        events.length > limit
          ? dated
            ? `${last.at.getTime()}_${last.id}`
            : String(last.id)
          : null,
    };
  }

  /** Every matching row, page by page (for the export), newest first. */
  async *all(search: AuditSearch, pageSize = 500): AsyncGenerator<AuditRow[]> {
    let before: string | undefined;
    for (;;) {
      const { rows, nextCursor } = await this.page(search, pageSize, before);
      if (rows.length) yield rows;
      if (!nextCursor) return;
      before = nextCursor;
    }
  }

  private where(em: SqlEntityManager, search: AuditSearch): FilterQuery<AuditEvent>[] {
    const where: FilterQuery<AuditEvent>[] = [];
    if (search.event) where.push({ eventType: search.event });
    if (search.from) where.push({ at: { $gte: search.from } });
    if (search.to) where.push({ at: { $lte: search.to } });
    if (search.text) {
      const text = search.text.trim();
      const pattern = likePattern(text);
      const items = em
        .createQueryBuilder(Achievement, 'a')
        .select('a.id')
        .where({
          [raw(
            (alias) =>
              NUMBER.test(text)
                ? `(lower(${alias}.title) like ? escape '\\' or lower(cast(${alias}.id as text)) like ?)`
                : `lower(${alias}.title) like ? escape '\\'`,
            NUMBER.test(text) ? [pattern, `${text.toLowerCase()}%`] : [pattern],
          )]: [],
        });
      where.push({ instance: { $in: subquery(items.getKnexQuery()) } });
    }
    if (search.person) {
      const person = search.person.trim();
      const users = em
        .createQueryBuilder(User, 'u')
        // actor_id is text (it also holds 'system'); PostgreSQL will not compare it with a uuid.
        .select(raw('cast(u.id as text)'))
        .where({
          [raw(
            (alias) =>
              `(lower(${alias}.display_name) like ? escape '\\' or lower(${alias}.username) like ? escape '\\')`,
            [likePattern(person), likePattern(person)],
          )]: [],
        });
      const ids = { actorId: { $in: subquery(users.getKnexQuery()) } };
      where.push(
        SYSTEM_WORDS.includes(person.toLowerCase()) ? { $or: [ids, { actorId: 'system' }] } : ids,
      );
    }
    return where;
  }

  /** The page's rows with titles and names: small lookups by the page's ids. */
  private async named(em: SqlEntityManager, events: AuditEvent[]): Promise<AuditRow[]> {
    const instanceIds = [...new Set(events.map((e) => e.instance.id))];
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((id) => id !== 'system'))];
    const byIds = instanceIds.length > 0;
    const [items, editions, instances, users] = await Promise.all([
      byIds ? em.find(Achievement, { id: { $in: instanceIds } }, { fields: ['id', 'title'] }) : [],
      byIds
        ? em.find(
            ReleaseEdition,
            { id: { $in: instanceIds } },
            { fields: ['id', 'kind', 'number'] },
          )
        : [],
      byIds
        ? em.find(WorkflowInstance, { id: { $in: instanceIds } }, { fields: ['id', 'definition'] })
        : [],
      actorIds.length
        ? em.find(User, { id: { $in: actorIds } }, { fields: ['id', 'displayName'] })
        : [],
    ]);
    const titles = new Map<string, string>(items.map((i) => [i.id, i.title]));
    for (const edition of editions) {
      titles.set(edition.id, `${KIND_LABELS[edition.kind]} ${edition.number}`);
    }
    const pages = new Map<string, string>();
    const workflows = new Map(instances.map((i) => [i.id, i.definition]));
    for (const instance of instances) {
      if (instance.definition === 'achievement') pages.set(instance.id, `/items/${instance.id}`);
      if (instance.definition === 'edition') pages.set(instance.id, `/editions/${instance.id}`);
      if (instance.definition === 'cooperationRequest') {
        pages.set(instance.id, `/transfer/requests/${instance.id}`);
      }
    }
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return events.map((e) => ({
      id: String(e.id),
      instanceId: e.instance.id,
      title: titles.get(e.instance.id) ?? null,
      href: pages.get(e.instance.id) ?? null,
      workflow: workflows.get(e.instance.id) ?? null,
      seq: e.seq,
      eventType: e.eventType,
      fromState: e.fromState,
      toState: e.toState,
      actorId: e.actorId,
      actorName: e.actorId === 'system' ? '系统' : (names.get(e.actorId) ?? '(未知用户)'),
      actorRole: e.actorRole,
      at: e.at,
      comment: e.comment,
      hash: e.hash,
    }));
  }
}
