import { Inject, Injectable } from '@nestjs/common';
import type { Achievement } from '../../achievements/achievement.entity';
import { toSummaryView } from '../../achievements/achievement.view';
import { hasRole, type AuthUser } from '../../access/auth-user';
import { Clock } from '../../common/clock';
import { periodFor } from '../../collection/collection-calendar';
import {
  CollectionCycleService,
  type BodyReportingStatus,
  type PeriodStatus,
} from '../../collection/collection-cycle.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ReleasesService, type EditionView } from '../../releases/releases.service';
import { VerificationService } from '../../verification/verification.service';
import { PanelWorklistService } from './panel-worklist.service';
import {
  WORKLIST_PAGE_SIZE,
  type TaskGroup,
  type TaskItem,
  type TaskList,
  type WorklistPaging,
} from './tasks.view-model';
import { groupsFor, type GroupDef } from './worklist-groups';
import { WorklistNotesService } from './worklist-notes.service';
import { WorklistRowsRepository } from './worklist-rows.repository';
import { WorklistRepository } from './worklist.repository';

/** One group's page before its rows are loaded. */
interface GroupPage {
  def: GroupDef;
  total: number;
  page: number;
  ids: string[];
  notes: Map<string, string>;
}

/**
 * The worklists of 我的待办, counted and paged in SQL (WorklistRepository): only the rows of the
 * page shown are loaded, and their deadlines and notes are worked out for that page alone
 * (WorklistNotesService). Which groups a user sees comes from their roles (worklist-groups.ts);
 * the office's panel group is worked out by PanelWorklistService.
 */
@Injectable()
export class WorklistsService {
  constructor(
    private readonly repo: WorklistRepository,
    private readonly rows: WorklistRowsRepository,
    private readonly panels: PanelWorklistService,
    private readonly notes: WorklistNotesService,
    private readonly cycle: CollectionCycleService,
    private readonly releases: ReleasesService,
    private readonly verification: VerificationService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async tasks(
    user: AuthUser,
    sort: 'deadline' | 'updated',
    paging: WorklistPaging = {},
  ): Promise<TaskList> {
    const now = this.clock.now();
    const period = periodFor(now, this.config.collectionCloseDay);
    const groups: TaskGroup[] = [];
    let overdue = 0;
    const pages: GroupPage[] = [];
    for (const def of groupsFor(user)) {
      const asked = paging.group === def.key ? Math.max(1, Math.floor(paging.page ?? 1)) : 1;
      pages.push(await this.pageOf(user, def, sort, asked));
      overdue += await this.notes.overdue(user, def, now);
    }
    // Every group's rows in one read (the office has seven groups on the page).
    const loaded = await this.rows.items(pages.flatMap((p) => p.ids));
    for (const page of pages) groups.push(await this.group(user, page, loaded));

    let myBody: BodyReportingStatus | null = null;
    if (hasRole(user, 'recommender')) {
      const status = await this.cycle.status(period);
      myBody = status.bodies.find((b) => b.organization.id === user.organizationId) ?? null;
    }
    let collection: PeriodStatus | null = null;
    const editions: EditionView[] = [];
    if (hasRole(user, 'officeStaff')) {
      collection = await this.cycle.status(period);
      editions.push(...(await this.releases.list(user, {})).filter((ed) => ed.state !== 'issued'));
    }
    const visits = hasRole(user, 'expert') ? await this.verification.teamVisits(user) : [];
    return {
      groups,
      total: groups.reduce((a, g) => a + g.total, 0) + visits.length,
      overdue: overdue + visits.filter((v) => v.overdue).length,
      visits,
      period,
      collection,
      myBody,
      editions,
    };
  }

  /** Which rows of the group the page shows (ids in order), its total and the page number. */
  private async pageOf(
    user: AuthUser,
    def: GroupDef,
    sort: 'deadline' | 'updated',
    asked: number,
  ): Promise<GroupPage> {
    const size = WORKLIST_PAGE_SIZE;
    if (def.key === 'panels') {
      const review = await this.panels.panelsNeedingReview((all) => {
        const page = clampPage(asked, all, size);
        return { from: (page - 1) * size, to: page * size };
      });
      return {
        def,
        total: review.total,
        page: clampPage(asked, review.total, size),
        ids: review.rows.map((r) => r.id),
        notes: new Map(review.rows.map((r) => [r.id, r.note])),
      };
    }
    const total = await this.repo.count(user, def);
    const order = sort === 'deadline' ? (def.deadlineOrder ?? 'updated') : 'updated';
    const page = clampPage(asked, total, size);
    const ids = await this.repo.page(user, def, order, (page - 1) * size, size);
    return { def, total, page, ids, notes: new Map() };
  }

  private async group(
    user: AuthUser,
    { def, total, page, ids, notes }: GroupPage,
    loaded: Map<string, Achievement>,
  ): Promise<TaskGroup> {
    const items = ids.map((id) => loaded.get(id)).filter((r): r is Achievement => !!r);
    const tasks: TaskItem[] = items.map((item) => ({
      // 最近更新 is the later of the record's last edit and its last event: the worklist's order.
      item: { ...toSummaryView(item), updatedAt: latest(item).toISOString() },
      action: def.action,
      deadline: null,
      overdue: false,
      note: notes.get(item.id) ?? null,
      link: def.link,
    }));
    await this.notes.annotate(user, def, items, tasks);
    return {
      key: def.key,
      title: def.title,
      items: tasks,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE)),
    };
  }

  /** The office's panels to look at (PanelWorklistService), whole or a slice with its notes. */
  panelsNeedingReview(
    slice?: (total: number) => { from: number; to: number },
  ): Promise<{ total: number; rows: { id: string; note: string }[] }> {
    return this.panels.panelsNeedingReview(slice);
  }
}

function latest(item: Achievement): Date {
  const event = item.workflow.updatedAt;
  return event.getTime() > item.updatedAt.getTime() ? event : item.updatedAt;
}

function clampPage(asked: number, total: number, size: number): number {
  return Math.min(asked, Math.max(1, Math.ceil(total / size)));
}
