import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Achievement } from '../achievements/achievement.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowRunner } from '../workflow/workflow-runner.service';

/** Trigram indexes cannot answer a term shorter than this; such terms fall back to LIKE. */
export const TRIGRAM_MIN_CHARS = 3;

/**
 * The public full-text index (see Migration20261125215000PublicSearch). It holds published items
 * only: a runner listener adds an item in the transaction that publishes it and removes it in the
 * one that takes it off (revocation, a dispute), so the index never disagrees with the state.
 *
 * A query is split on white space and every term must match (title, summary or units). On SQLite
 * a term of 3+ characters is an FTS5 trigram phrase; a shorter one ("芯片") cannot be expressed as
 * a trigram and is matched with LIKE over the same rows. On PostgreSQL every term is an ILIKE on
 * the trigram-indexed document, which the GIN index serves from 3 characters and a scan below.
 */
@Injectable()
export class PublicSearchIndexService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly runner: WorkflowRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.onTransition('achievement', async (em, result) => {
      if (result.state === 'published' && result.fromState !== 'published') {
        await this.index(em, result.id);
      } else if (result.fromState === 'published' && result.state !== 'published') {
        await this.remove(em, result.id);
      }
    });
  }

  /** Ids of published items matching every term of `q`. */
  async search(q: string): Promise<string[]> {
    const terms = q.trim().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return [];
    const em = this.em.fork() as SqlEntityManager;
    const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (this.postgres) {
      const where = terms.map(() => `"document" ilike ? escape '\\'`).join(' and ');
      const rows = await em.execute<{ achievement_id: string }[]>(
        `select "achievement_id" from "achievement_search" where ${where}`,
        terms.map(likeOf),
      );
      return rows.map((r) => r.achievement_id);
    }
    const long = terms.filter((t) => [...t].length >= TRIGRAM_MIN_CHARS);
    const short = terms.filter((t) => [...t].length < TRIGRAM_MIN_CHARS);
    const clauses: string[] = [];
    const params: string[] = [];
    if (long.length) {
      clauses.push('`achievement_fts` match ?');
      params.push(long.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND '));
    }
    for (const term of short) {
      clauses.push(
        "(`title` like ? escape '\\' or `summary` like ? escape '\\' or `units` like ? escape '\\')",
      );
      params.push(likeOf(term), likeOf(term), likeOf(term));
    }
    const rows = await em.execute<{ achievement_id: string }[]>(
      `select \`achievement_id\` from \`achievement_fts\` where ${clauses.join(' and ')}`,
      params,
    );
    return rows.map((r) => r.achievement_id);
  }

  private async index(em: EntityManager, id: string): Promise<void> {
    const item = await em.findOneOrFail(Achievement, id, { populate: ['ownerOrganization'] });
    const units = [
      ...new Set([item.ownerOrganization.name, ...(item.completingUnits ?? []).map((u) => u.name)]),
    ].join(' ');
    const sql = em as SqlEntityManager;
    await this.remove(em, id);
    if (this.postgres) {
      await sql.execute(
        'insert into "achievement_search" ("achievement_id", "title", "summary", "units", "document") values (?, ?, ?, ?, ?)',
        [id, item.title, item.summary, units, `${item.title} ${item.summary} ${units}`],
      );
    } else {
      await sql.execute(
        'insert into `achievement_fts` (`achievement_id`, `title`, `summary`, `units`) values (?, ?, ?, ?)',
        [id, item.title, item.summary, units],
      );
    }
  }

  private async remove(em: EntityManager, id: string): Promise<void> {
    await (em as SqlEntityManager).execute(
      this.postgres
        ? 'delete from "achievement_search" where "achievement_id" = ?'
        : 'delete from `achievement_fts` where `achievement_id` = ?',
      [id],
    );
  }

  private get postgres(): boolean {
    return this.config.databaseUrl !== null;
  }
}
