import { Injectable } from '@nestjs/common';
import { hasRole, type AuthUser } from '../access/auth-user';
import { StatsService } from '../stats/stats.service';
import { parsePeriod } from '../stats/stats-period';
import { type StatsFilters } from '../stats/stats.types';
import { auditTable, expertRecordsTable, itemsTable, keysetPages } from './export-tables';
import { ExportsRepository } from './exports.repository';
import type { ExportTable } from './table-writers';

/** Rows per query: small enough to bound memory, large enough that 100,000 rows take 100 queries. */
export const EXPORT_PAGE_SIZE = 1000;

type Filters = Partial<StatsFilters>;

/**
 * The office's tables, streamed a page at a time (ExportsRepository's keyset-paged queries,
 * export-tables.ts's columns): who may see what, and which rows.
 */
@Injectable()
export class ExportsService {
  /** Rows per page; tests shrink it to cross page boundaries with a handful of rows. */
  pageSize = EXPORT_PAGE_SIZE;

  constructor(
    private readonly repository: ExportsRepository,
    private readonly stats: StatsService,
  ) {}

  /** Items with their state; the office also gets the panel's aggregate score and spread. */
  async items(user: AuthUser, query: Filters): Promise<ExportTable> {
    const filters = await this.stats.scope(user, query);
    const withScores = hasRole(user, 'officeStaff', 'admin');
    return itemsTable(
      keysetPages(this.pageSize, (after, limit) =>
        this.repository.itemsPage(filters, withScores, after, limit),
      ),
      withScores,
    );
  }

  /** The audit trail of every workflow, in order; the period bounds the event time. */
  audit(query: Filters): ExportTable {
    const period = query.period ? parsePeriod(query.period) : null;
    return auditTable(
      keysetPages(this.pageSize, (after, limit) => this.repository.auditPage(period, after, limit)),
    );
  }

  /** Every expert seat: who, which item, when due, when scored, how it ended. */
  expertRecords(query: Filters): ExportTable {
    const period = query.period ? parsePeriod(query.period) : null;
    return expertRecordsTable(
      keysetPages(this.pageSize, (after, limit) => this.repository.seatsPage(period, after, limit)),
    );
  }
}
