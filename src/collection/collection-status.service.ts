import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ORGANIZATION_TYPE_LABELS, type OrganizationType } from '../reference/organization-type';
import { assertPeriod, closesAt } from './collection-calendar';
import { periodInstanceId } from './collection-period.definition';
import { CollectionPeriodsRepository } from './collection-periods.repository';
import { CollectionStatusRepository } from './collection-status.repository';

export type BodyStatus = 'reported' | 'nil' | 'pending';

export interface BodyReportingStatus {
  organization: {
    id: string;
    name: string;
    type: OrganizationType;
    typeLabel: string;
    city: string;
  };
  status: BodyStatus;
  statusLabel: string;
  reported: number;
  nilReport: { filedBy: string; filedAt: string; comment: string | null } | null;
}

export interface PeriodStatus {
  period: string;
  state: 'open' | 'closed' | 'notStarted';
  closesAt: string;
  /** How often the office has reopened the period. */
  reopenings: number;
  totals: Record<BodyStatus, number>;
  bodies: BodyReportingStatus[];
}

const STATUS_LABELS: Record<BodyStatus, string> = {
  reported: '已报送',
  nil: '零报告',
  pending: '未报送',
};

/** A period's reporting status (征集情况): who has reported, who filed a nil report, who neither. */
@Injectable()
export class CollectionStatusService {
  constructor(
    private readonly statusRows: CollectionStatusRepository,
    private readonly periods: CollectionPeriodsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Every collecting body's reporting status in a period: reported (how many), nil, or pending. */
  async status(period: string): Promise<PeriodStatus> {
    assertPeriod(period);
    const bodies = await this.statusRows.collectingBodies();
    // Counted per body in SQL: the batch of a busy month is thousands of items.
    const counts = await this.statusRows.reportedPerBody(period);
    const nils = await this.statusRows.nilReports(period);
    const instance = await this.periods.find(periodInstanceId(period));
    const context = instance?.snapshot.context as
      { closesAt?: string; reopenings?: unknown[] } | undefined;
    const rows = bodies.map((org): BodyReportingStatus => {
      const count = counts.get(org.id) ?? 0;
      const nil = nils.get(org.id);
      const status: BodyStatus = count > 0 ? 'reported' : nil ? 'nil' : 'pending';
      return {
        organization: {
          id: org.id,
          name: org.name,
          type: org.type,
          typeLabel: ORGANIZATION_TYPE_LABELS[org.type],
          city: org.city,
        },
        status,
        statusLabel: STATUS_LABELS[status],
        reported: count,
        nilReport: nil
          ? {
              filedBy: nil.filedBy.displayName,
              filedAt: nil.filedAt.toISOString(),
              comment: nil.comment,
            }
          : null,
      };
    });
    const totals: Record<BodyStatus, number> = { reported: 0, nil: 0, pending: 0 };
    for (const r of rows) totals[r.status]++;
    return {
      period,
      state: (instance?.state as 'open' | 'closed' | undefined) ?? 'notStarted',
      closesAt: context?.closesAt ?? closesAt(period, this.config.collectionCloseDay).toISOString(),
      reopenings: context?.reopenings?.length ?? 0,
      totals,
      bodies: rows,
    };
  }

  /** How many of the period's items wait in `submitted` for its batch to close, counted in SQL. */
  waitingInBatch(period: string): Promise<number> {
    assertPeriod(period);
    return this.statusRows.waitingInBatch(period);
  }
}
