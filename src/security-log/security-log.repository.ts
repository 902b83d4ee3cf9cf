import { EntityManager, raw, type FilterQuery, type RequiredEntityData } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Injectable } from '@nestjs/common';
import { emOf, txOf, type Tx } from '../database/tx';
import { SecurityEvent } from './security-event.entity';
import type { SecurityEventKind } from './security-event-kinds';

/** The audit administrator's search; every filter optional, dates are instants. */
export interface SecuritySearch {
  kind?: SecurityEventKind;
  /** The account concerned (the name typed at a failed login, the account changed), any case. */
  username?: string;
  /** Part of the acting user's user name or name. */
  actor?: string;
  clientIp?: string;
  from?: Date;
  to?: Date;
}

/** One entry with the actor's names, as the search and the export show it. */
export interface SecurityRow {
  seq: number;
  at: Date;
  kind: SecurityEventKind;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  username: string | null;
  clientIp: string | null;
  detail: Record<string, unknown>;
  hash: string;
}

/** MikroORM takes a knex query as an `$in` operand (a SQL subquery); its types want a list. */
function subquery(query: unknown): string[] {
  return query as string[];
}

/** `%text%` for LIKE with `%`, `_` and `\` taken literally (the ESCAPE clause is written out). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The security log's search in SQL, newest first with keyset paging on seq, so a page costs the
 * same however long the log. Actors are looked up in app_user by table name: the log is written by
 * every feature and imports none of them.
 */
@Injectable()
export class SecurityLogRepository {
  constructor(private readonly em: EntityManager) {}

  /** A context of its own for reads that belong together (the checkpoint, a verification). */
  reader(): Tx {
    return txOf(this.em.fork());
  }

  /** The newest entry's seq and hash: what the next entry chains to. */
  head(tx: Tx): Promise<Pick<SecurityEvent, 'seq' | 'hash'> | null> {
    return emOf(tx).findOne(
      SecurityEvent,
      { seq: { $gt: 0 } },
      { orderBy: { seq: 'desc' }, fields: ['seq', 'hash'] },
    );
  }

  append(tx: Tx, entry: RequiredEntityData<SecurityEvent>): void {
    emOf(tx).create(SecurityEvent, entry);
  }

  /** The id of the newest entry written before keys began (keyId null), if any. */
  async lastLegacyId(tx: Tx): Promise<string | null> {
    const legacy = await emOf(tx).findOne(
      SecurityEvent,
      { keyId: null },
      { orderBy: { id: 'desc' }, fields: ['id'] },
    );
    return legacy ? String(legacy.id) : null;
  }

  /** The id of the first keyed entry, if any. */
  async firstKeyedId(tx: Tx): Promise<string | null> {
    const first = await emOf(tx).findOne(
      SecurityEvent,
      { keyId: { $ne: null } },
      { orderBy: { id: 'asc' }, fields: ['id'] },
    );
    return first ? first.id : null;
  }

  count(tx: Tx): Promise<number> {
    return emOf(tx).count(SecurityEvent, {});
  }

  /**
   * The next entries after `afterSeq` in chain order. The context forgets the previous batch, so
   * a walk over the whole log holds one batch at a time.
   */
  batchAfter(tx: Tx, afterSeq: number, limit: number): Promise<SecurityEvent[]> {
    emOf(tx).clear();
    return emOf(tx).find(
      SecurityEvent,
      { seq: { $gt: afterSeq } },
      { orderBy: { seq: 'asc' }, limit },
    );
  }

  /** One page, newest first; `beforeSeq` is the last seq of the previous page. */
  async page(
    search: SecuritySearch,
    limit: number,
    beforeSeq?: number,
  ): Promise<{ rows: SecurityRow[]; nextCursor: string | null }> {
    const em = this.em.fork() as SqlEntityManager;
    const where = this.where(em, search);
    if (beforeSeq !== undefined) where.push({ seq: { $lt: beforeSeq } });
    const events = await em.find(SecurityEvent, where.length ? { $and: where } : {}, {
      orderBy: { seq: 'desc' },
      limit: limit + 1,
    });
    const page = events.slice(0, limit);
    return {
      rows: await this.named(em, page),
      nextCursor: events.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }

  /** Every matching entry, page by page (for the export), newest first. */
  async *all(search: SecuritySearch, pageSize = 500): AsyncGenerator<SecurityRow[]> {
    let before: number | undefined;
    for (;;) {
      const { rows, nextCursor } = await this.page(search, pageSize, before);
      if (rows.length) yield rows;
      if (!nextCursor) return;
      before = Number(nextCursor);
    }
  }

  private where(em: SqlEntityManager, search: SecuritySearch): FilterQuery<SecurityEvent>[] {
    const where: FilterQuery<SecurityEvent>[] = [];
    if (search.kind) where.push({ kind: search.kind });
    if (search.from) where.push({ at: { $gte: search.from } });
    if (search.to) where.push({ at: { $lte: search.to } });
    if (search.clientIp) where.push({ clientIp: search.clientIp });
    if (search.username) {
      where.push({
        [raw((alias) => `lower(${alias}.username) = ?`, [search.username.toLowerCase()])]: [],
      });
    }
    if (search.actor) {
      const pattern = likePattern(search.actor.trim());
      const actors = em
        .getKnex()
        .from('app_user as u')
        // actor_id is text; PostgreSQL will not compare it with a uuid.
        .select(em.getKnex().raw('cast(u.id as text)'))
        .whereRaw(
          `(lower(u.username) like ? escape '\\' or lower(u.display_name) like ? escape '\\')`,
          [pattern, pattern],
        );
      where.push({ actorId: { $in: subquery(actors) } });
    }
    return where;
  }

  /** The page's entries with the actors' names: one small lookup by the page's actor ids. */
  private async named(em: SqlEntityManager, events: SecurityEvent[]): Promise<SecurityRow[]> {
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((id) => id !== null))];
    const users: { id: string; username: string; display_name: string }[] = actorIds.length
      ? await em
          .getKnex()
          .from('app_user as u')
          .select(em.getKnex().raw('cast(u.id as text) as id'), 'u.username', 'u.display_name')
          .whereRaw(`cast(u.id as text) in (${actorIds.map(() => '?').join(', ')})`, actorIds)
      : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return events.map((e) => {
      const actor = e.actorId ? byId.get(e.actorId) : undefined;
      return {
        seq: e.seq,
        at: e.at,
        kind: e.kind,
        actorId: e.actorId,
        actorUsername: actor?.username ?? null,
        actorName: actor?.display_name ?? null,
        username: e.username,
        clientIp: e.clientIp,
        detail: e.detail,
        hash: e.hash,
      };
    });
  }
}
