import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import type { AuditRow } from './support/evaluation';
import { startServer, type ServerProcess } from './support/server-process';
import { ADMIN_PASSWORD, AUDIT_ADMIN_PASSWORD, SECURITY_ADMIN_PASSWORD } from './support/test-app';
import {
  buildWorld,
  ItemDriver,
  scoreSheet,
  type HttpTarget,
  type Login,
  type World,
} from './support/world';

/**
 * Finding 6 of #17 against the built server (`node dist/src/main.js`), on SQLite or, with
 * TEST_DB=postgres, on a scratch PostgreSQL database: the world of the in-process tests built
 * through the HTTP API, an item through submission and eligibility to a panel of five, two of
 * whom score. A panel expert's history (API and console page) names no colleague and shows no
 * colleague's sheet; the office sees every sheet and every seat.
 */
describe('blind review on the built server (#17: 6)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chengguo-blind-'));
  let pg: { url: string; drop: () => Promise<void> } | null = null;
  let server: ServerProcess;
  let t: HttpTarget;
  let w: World;
  let item: ItemDriver;
  let panel: Login[];

  beforeAll(async () => {
    if (process.env.TEST_DB === 'postgres') pg = await createScratchPostgres();
    server = await startServer({
      DATA_DIR: dataDir,
      DATABASE_URL: pg?.url ?? '',
      ADMIN_PASSWORD,
      SECURITY_ADMIN_PASSWORD,
      AUDIT_ADMIN_PASSWORD,
      SCHEDULER: 'off',
    });
    t = { http: () => request(server.base) };
    w = await buildWorld(t);
    item = await ItemDriver.create(t, w);
    await item.toScoring();
    const seats = (await item.get(w.office)).scoring.panel as string[];
    panel = w.experts.filter((e) => seats.includes(e.id));
    await item.ok(panel[0], 'SUBMIT_SCORE', {
      data: { scores: scoreSheet(91), comment: '创新性突出' },
    });
    await item.ok(panel[1], 'SUBMIT_SCORE', {
      data: { scores: scoreSheet(62), comment: '产业化证据不足' },
    });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const history = async (who: Login) =>
    (await t.http().get(`/api/achievements/${item.id}/history`).set(who.auth).expect(200))
      .body as AuditRow[];
  const page = async (who: Login) =>
    (await t.http().get(`/items/${item.id}`).set('Cookie', `cg_session=${who.token}`).expect(200))
      .text;
  /** The rows of the console's 流转记录 table that are scoring sheets. */
  const sheetRows = (html: string) => {
    const table = html.slice(
      html.indexOf('id="timeline"'),
      html.indexOf('</table>', html.indexOf('id="timeline"')),
    );
    return table.split('<td>提交评分</td>').length - 1;
  };
  /** The user names of the world's experts are their display names too. */
  const nameOf = (e: Login) => `expert${w.experts.indexOf(e) + 1}`;

  it('seats a panel of at least two experts, two of whom scored', () => {
    expect(panel.length).toBeGreaterThanOrEqual(2);
  });

  it('an expert’s API history names no colleague and shows only their own sheet', async () => {
    for (const [i, expert] of panel.entries()) {
      const rows = await history(expert);
      const text = JSON.stringify(rows);
      for (const other of w.experts) {
        if (other !== expert)
          expect({ expert: i, leaks: text.includes(other.id) }).toEqual({
            expert: i,
            leaks: false,
          });
      }
      const sheets = rows.filter((r) => r.eventType === 'SUBMIT_SCORE');
      expect(sheets).toEqual(
        i === 0
          ? [expect.objectContaining({ actorId: expert.id, comment: '创新性突出' })]
          : i === 1
            ? [expect.objectContaining({ actorId: expert.id, comment: '产业化证据不足' })]
            : [],
      );
    }
  });

  it('an expert’s console page names no colleague and shows only their own sheet', async () => {
    const office = await page(w.office);
    expect(sheetRows(office)).toBe(2);
    for (const [i, expert] of panel.entries()) {
      const text = await page(expert);
      for (const other of w.experts) {
        if (other === expert) continue;
        expect({
          expert: i,
          id: text.includes(other.id),
          name: text.includes(nameOf(other)),
        }).toEqual({ expert: i, id: false, name: false });
      }
      expect(text).not.toContain(i === 0 ? '产业化证据不足' : '创新性突出');
      // The office sees both sheets; an expert their own only.
      expect({ expert: i, sheets: sheetRows(text) }).toEqual({ expert: i, sheets: i < 2 ? 1 : 0 });
    }
  });

  it('the office sees every seat and every sheet, in the API and the console', async () => {
    const rows = await history(w.office);
    const text = JSON.stringify(rows);
    for (const expert of panel) expect(text).toContain(expert.id);
    expect(rows.filter((r) => r.eventType === 'SUBMIT_SCORE')).toMatchObject([
      { actorId: panel[0].id, comment: '创新性突出', payload: { scores: scoreSheet(91) } },
      { actorId: panel[1].id, comment: '产业化证据不足', payload: { scores: scoreSheet(62) } },
    ]);
    const office = await page(w.office);
    expect(office).toContain(nameOf(panel[0]));
    expect(office).toContain(nameOf(panel[1]));
    expect(office).toContain('创新性突出');
    expect(office).toContain('产业化证据不足');
  });
});
