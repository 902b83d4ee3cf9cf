import type { Faker } from '@faker-js/faker';
import type { ApiClient, Session } from './api-client';
import { mapLimit } from './concurrency';
import type { Province } from './province';

interface EditionItem {
  achievementId: string;
  title: string;
  organization: string;
  state: string;
  score: number | null;
  selected: boolean;
}

export interface Edition {
  id: string;
  kind: 'monthly' | 'quarterly' | 'annual';
  number: string;
  year: number;
  state: 'draft' | 'underReview' | 'issued';
  cycleKey: string | null;
  votingState: 'none' | 'open' | 'closed';
  createdAt: string;
  version: number;
  items: EditionItem[];
}

const DISTRIBUTION = [
  '省委办公厅',
  '省政府办公厅',
  '省科技领导小组成员单位',
  '各设区市党委、政府',
  '各省实验室',
  '重点高校和科研院所',
];
const PUBLISHABLE = ['inLibrary', 'published'];

/**
 * The office's part in the releases: it curates each edition the cycles draft (blurbs, the
 * distribution list, the release event), runs the annual expert vote, and issues. Acts a couple
 * of working days after a draft appears, as a busy office would.
 */
export class OfficeReleases {
  constructor(
    private readonly api: ApiClient,
    private readonly province: Province,
    private readonly f: Faker,
  ) {}

  private get office(): Session {
    return this.province.office[0];
  }

  /**
   * Who issues: the office's other member, since the four-eyes rule keeps the one who submitted
   * an edition for review from also issuing it.
   */
  private get issuer(): Session {
    return this.province.office[1];
  }

  /** Whether an edition is waiting for the office: set by a draft notice, cleared once all are issued. */
  private pending = false;

  async act(now: Date): Promise<void> {
    // The office learns of a new draft from its inbox, as the cycle notifies it.
    const inbox = await this.api.get<{ items: { kind: string }[] }>(
      this.office,
      '/api/notifications?unread=true&limit=100',
    );
    if (inbox.items.length) {
      this.pending ||= inbox.items.some((n) => n.kind === 'release.draft');
      await this.api.post(this.office, '/api/notifications/read-all', {}, [200, 201]);
    }
    if (!this.pending) return;
    const editions = await this.api.get<Edition[]>(this.office, '/api/editions');
    // An annual list with an empty shortlist (the run-in's) cannot be issued; everything else waits.
    this.pending = editions.some(
      (e) => e.state !== 'issued' && e.cycleKey && !(e.kind === 'annual' && e.items.length === 0),
    );
    for (const e of editions) {
      if (e.state === 'issued' || !e.cycleKey) continue;
      if (now.getTime() - Date.parse(e.createdAt) < 2 * 24 * 3600 * 1000) continue;
      if (e.kind === 'annual') await this.annual(e);
      else await this.periodic(e, now);
    }
  }

  private async periodic(e: Edition, now: Date): Promise<void> {
    let items = e.items.filter((i) => PUBLISHABLE.includes(i.state));
    if (items.length === 0) {
      // The draft found nothing new; the office picks from the library itself: items not yet
      // published first, else recent published ones (an edition may feature those again).
      for (const state of ['inLibrary', 'published']) {
        const library = await this.api.get<{
          items: { id: string; title: string; ownerOrganization: { name: string } }[];
        }>(this.office, `/api/achievements?state=${state}&limit=3`);
        items = library.items.map((i) => ({
          achievementId: i.id,
          title: i.title,
          organization: i.ownerOrganization.name,
          state,
          score: null,
          selected: true,
        }));
        if (items.length) break;
      }
      if (items.length === 0) return;
    }
    items = items.slice(0, e.kind === 'monthly' ? 6 : 10);
    let version = e.version;
    if (e.state === 'draft') {
      version = (
        await this.api.put<Edition>(this.office, `/api/editions/${e.id}/items`, {
          expectedVersion: version,
          items: items.map((i) => ({
            achievementId: i.achievementId,
            blurb: `${i.organization}完成的“${i.title}”取得重要进展。`,
          })),
        })
      ).version;
      const details =
        e.kind === 'monthly'
          ? { distributionList: DISTRIBUTION }
          : {
              eventDetails: {
                date: new Date(
                  now.getTime() + this.f.number.int({ min: 10, max: 25 }) * 24 * 3600 * 1000,
                )
                  .toISOString()
                  .slice(0, 10),
                venue: this.f.helpers.arrayElement([
                  '杭州国际博览中心',
                  '宁波国际会议中心',
                  '温州科技城',
                  '嘉兴南湖会展中心',
                ]),
                coHosts: [
                  this.f.helpers.arrayElement([
                    '杭州市人民政府',
                    '宁波市人民政府',
                    '浙江大学',
                    '之江实验室',
                  ]),
                ],
                linkedActivities: ['成果路演', '投融资对接', '技术交易签约'],
                presenters: items.slice(0, 3).map((i) => `${i.organization}项目负责人`),
              },
            };
      version = (
        await this.api.request<Edition>(this.office, 'PATCH', `/api/editions/${e.id}`, {
          expectedVersion: version,
          ...details,
        })
      ).version;
      version = (
        await this.api.post<Edition>(
          this.office,
          `/api/editions/${e.id}/submit`,
          { expectedVersion: version },
          [200],
        )
      ).version;
    }
    await this.api.post(
      this.issuer,
      `/api/editions/${e.id}/issue`,
      { expectedVersion: version },
      [200],
    );
  }

  /** Shortlist → expert vote → the office closes it at 20 and issues. */
  private async annual(e: Edition): Promise<void> {
    // A year with nothing in the library (the run-in's) has no list; the draft stays a draft.
    if (e.items.length === 0) return;
    if (e.state === 'draft' && e.votingState === 'none') {
      await this.api.post(
        this.office,
        `/api/editions/${e.id}/vote/open`,
        { expectedVersion: e.version },
        [200],
      );
      await mapLimit(this.province.experts, 4, async (expert) => {
        const ballot = await this.api.get<{ items: { achievementId: string; ownUnit: boolean }[] }>(
          expert,
          `/api/editions/${e.id}/ballot`,
        );
        const choices = this.f.helpers.arrayElements(
          ballot.items.filter((i) => !i.ownUnit).map((i) => i.achievementId),
          { min: 0, max: 20 },
        );
        await this.api.put(expert, `/api/editions/${e.id}/ballot`, { achievementIds: choices });
      });
      return;
    }
    let version = e.version;
    if (e.state === 'draft' && e.votingState === 'open') {
      version = (
        await this.api.post<Edition>(
          this.office,
          `/api/editions/${e.id}/vote/close`,
          { expectedVersion: version, size: 20 },
          [200],
        )
      ).version;
    }
    if (e.state === 'draft') {
      version = (
        await this.api.post<Edition>(
          this.office,
          `/api/editions/${e.id}/submit`,
          { expectedVersion: version },
          [200],
        )
      ).version;
    }
    await this.api.post(
      this.issuer,
      `/api/editions/${e.id}/issue`,
      { expectedVersion: version },
      [200],
    );
  }
}
