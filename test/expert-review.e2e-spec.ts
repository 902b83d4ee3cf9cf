import { ExpertReviewsService } from '../src/evaluation/expert-reviews.service';
import { evaluationHelpers } from './support/evaluation';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, scoreSheet, type Login, type World } from './support/world';

/**
 * The expert's side through the API (issue 16): revising a sheet while the panel is open
 * (REVISE_SCORE), read access to the items they were seated on after scoring closes, their
 * 「已评」 list with the seat history, the draft of a sheet, and the rubric setting.
 */
describe('expert review (HTTP)', () => {
  let t: TestApp;
  let w: World;
  let spare: Login;
  const byId = new Map<string, Login>();
  const h = evaluationHelpers(
    () => t,
    () => w,
  );
  const { get, panelOf, history } = h;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-05T02:00:00Z') });
    w = await buildWorld(t);
    for (const e of w.experts) byId.set(e.id, e);
    spare = await h.addExpert('expert-spare', '王五', { domains: ['biomedicine'] });
    byId.set(spare.id, spare);
  });
  afterAll(() => t?.close());

  it('lets a panel member revise their sheet until the panel closes, audited and blind', async () => {
    const item = await ItemDriver.create(t, w);
    await item.toScoring();
    const panel = await panelOf(item);
    const [first, second] = [byId.get(panel[0])!, byId.get(panel[1])!];

    // Nothing to revise before one's own sheet is in: 409, nothing written.
    const early = await item.send(first, 'REVISE_SCORE', { data: { scores: scoreSheet(70) } });
    expect(early.status).toBe(409);

    await item.ok(first, 'SUBMIT_SCORE', { data: { scores: scoreSheet(90), comment: '初评' } });
    const after = await item.get(first);
    expect(after.allowedEvents).toEqual(expect.arrayContaining(['REVISE_SCORE']));
    expect(after.allowedEvents).not.toContain('SUBMIT_SCORE');

    // A revision is checked like a sheet.
    const bad = await item.send(first, 'REVISE_SCORE', {
      data: { scores: { ...scoreSheet(80), innovation: 101 } },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(['data.scores.innovation']);

    const revised = await item.ok(first, 'REVISE_SCORE', {
      data: { scores: scoreSheet(72), comment: '复核后下调' },
    });
    expect(revised.state).toBe('expertScoring');
    const office = await item.get(w.office);
    expect(office.scoring.submitted).toBe(1);
    expect(office.scoring.scores).toEqual([
      expect.objectContaining({ expertId: first.id, weighted: 72, comment: '复核后下调' }),
    ]);
    // Its own audit row: the author and the office read it; the unit sees that it happened, a
    // colleague on the panel not even that (blind review, #17).
    const row = (who: Login) =>
      history(item, who).then((rows) => rows.find((r) => r.eventType === 'REVISE_SCORE'));
    expect(await row(w.office)).toMatchObject({
      actorId: first.id,
      comment: '复核后下调',
      payload: { scores: scoreSheet(72) },
    });
    expect(await row(first)).toMatchObject({ payload: { scores: scoreSheet(72) } });
    expect(await row(second)).toBeUndefined();
    expect(await row(w.submitter)).toMatchObject({ actorId: '', payload: {}, comment: null });
    // The seat carries the revised score.
    const seat = (
      await get(w.office, `/api/evaluation/items/${item.id}/panel`).expect(200)
    ).body.seats.find((s: { expert: { id: string } }) => s.expert.id === first.id);
    expect(seat).toMatchObject({ status: 'submitted' });
    const mine = (await get(first, '/api/evaluation/my-reviews').expect(200)).body;
    expect(mine).toEqual([
      expect.objectContaining({
        achievement: expect.objectContaining({ id: item.id, state: 'expertScoring' }),
        weighted: 72,
        revisable: true,
      }),
    ]);

    // Another member cannot revise a sheet they have not submitted; an expert off the panel is
    // refused outright (403): they cannot even see the item.
    expect(
      (await item.send(second, 'REVISE_SCORE', { data: { scores: scoreSheet(60) } })).status,
    ).toBe(409);
    const outsider = await item.send(spare, 'REVISE_SCORE', { data: { scores: scoreSheet(60) } });
    expect(outsider.status).toBe(403);

    // The quorum closes the panel; then no revision (409) and the sheet stays as it was.
    for (const id of panel.slice(1)) {
      await item.ok(byId.get(id)!, 'SUBMIT_SCORE', { data: { scores: scoreSheet(85) } });
    }
    const closed = await item.get(w.office);
    expect(closed.state).toBe('onSiteVerification');
    const late = await item.send(first, 'REVISE_SCORE', { data: { scores: scoreSheet(99) } });
    expect(late.status).toBe(409);
    expect((await item.get(w.office)).scoring.scores[0]).toMatchObject({ weighted: 72 });
  });

  it('keeps the item readable for the experts seated on it after scoring closes, and only their own sheet', async () => {
    const item = await ItemDriver.create(t, w);
    await item.toScoring();
    const panel = await panelOf(item);
    const recusing = byId.get(panel[0])!;
    await item.ok(recusing, 'RECUSE', { comment: '曾参与该项目论证' });
    const seated = await panelOf(item);
    expect(seated).toContain(spare.id);
    const values = [80, 82, 84, 86, 88];
    for (const [i, id] of seated.entries()) {
      await item.ok(byId.get(id)!, 'SUBMIT_SCORE', {
        data: { scores: scoreSheet(values[i]), comment: `意见${i}` },
      });
    }
    const last = byId.get(seated[4])!;
    // The last expert to score reads the item: their own sheet and the outcome.
    const seen = (await get(last, `/api/achievements/${item.id}`).expect(200)).body;
    expect(seen.state).toBe('onSiteVerification');
    expect(seen.scoring.scores).toEqual([
      expect.objectContaining({ expertId: last.id, weighted: 88, comment: '意见4' }),
    ]);
    expect(seen.scoring.aggregate).toBe(84);
    expect(seen.scoring.panel).toBeUndefined();
    expect(seen.allowedEvents).toEqual([]);
    const listed = (await get(last, '/api/achievements?limit=100').expect(200)).body.items;
    expect(listed.map((i: { id: string }) => i.id)).toContain(item.id);
    // The history names nobody else's sheet.
    const rows = await history(item, last);
    for (const r of rows.filter((x) => x.eventType === 'SUBMIT_SCORE' && x.actorId !== last.id)) {
      expect(r).toMatchObject({ payload: {}, comment: null });
    }

    // The expert who recused keeps read access too, without any sheet, and their 「已评」 entry
    // tells how their seat ended.
    const recused = (await get(recusing, `/api/achievements/${item.id}`).expect(200)).body;
    expect(recused.scoring.scores).toEqual([]);
    const reviews = (await get(recusing, '/api/evaluation/my-reviews').expect(200)).body as {
      achievement: { id: string };
      weighted: number | null;
      seats: { status: string; endReason: string | null; assignedAt: string; dueAt: string }[];
    }[];
    const entry = reviews.find((r) => r.achievement.id === item.id)!;
    expect(entry.weighted).toBeNull();
    expect(entry.seats).toEqual([
      expect.objectContaining({ status: 'recused', endReason: '曾参与该项目论证' }),
    ]);
    const lastEntry = (await get(last, '/api/evaluation/my-reviews').expect(200)).body.find(
      (r: { achievement: { id: string } }) => r.achievement.id === item.id,
    );
    expect(lastEntry).toMatchObject({
      weighted: 88,
      aggregate: 84,
      revisable: false,
      seats: [expect.objectContaining({ status: 'submitted', round: 1 })],
    });
    expect(JSON.stringify(lastEntry)).not.toContain(recusing.id);

    // Experts never seated on it still cannot read it.
    const other = await h.addExpert('expert-never', '孙八', { domains: ['biomedicine'] });
    await get(other, `/api/achievements/${item.id}`).expect(403);
    await get(other, '/api/evaluation/my-reviews').expect(200, []);
    await get(w.office, '/api/evaluation/my-reviews').expect(403);
  });

  it('keeps a draft of the sheet per seat, for its expert alone, until the sheet is submitted', async () => {
    const item = await ItemDriver.create(t, w);
    await item.toScoring();
    const panel = await panelOf(item);
    const expert = byId.get(panel[0])!;
    const put = (who: Login, body: object) =>
      t.http().put(`/api/evaluation/items/${item.id}/draft`).set(who.auth).send(body);
    expect((await get(expert, `/api/evaluation/items/${item.id}/draft`).expect(200)).body).toEqual({
      draft: null,
    });
    const bad = await put(expert, { scores: { innovation: 120, novelty: 3 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['scores.innovation', 'scores.novelty']);
    await put(expert, { scores: { innovation: 90, benefit: null }, comment: '写了一半' }).expect(
      200,
    );
    expect(
      (await get(expert, `/api/evaluation/items/${item.id}/draft`).expect(200)).body.draft,
    ).toMatchObject({
      scores: { innovation: 90, benefit: null },
      comment: '写了一半',
    });
    // Nobody else reads or writes it; it is not a sheet.
    expect(
      (await get(byId.get(panel[1])!, `/api/evaluation/items/${item.id}/draft`).expect(200)).body,
    ).toEqual({ draft: null });
    expect((await put(spare, { scores: {} })).status).toBe(403);
    expect((await item.get(w.office)).scoring.scores).toEqual([]);
    await item.ok(expert, 'SUBMIT_SCORE', { data: { scores: scoreSheet(90) } });
    expect((await get(expert, `/api/evaluation/items/${item.id}/draft`).expect(200)).body).toEqual({
      draft: null,
    });
  });

  it('serves the rubric as an admin setting with a seeded default', async () => {
    const rubric = (await get(spare, '/api/settings/rubric').expect(200)).body;
    expect(Object.keys(rubric)).toEqual([
      'innovation',
      'advancement',
      'significance',
      'benefit',
      'maturity',
    ]);
    expect(rubric.innovation.anchors['90']).toBeTruthy();
    const set = (who: Login, body: object) =>
      t.http().put('/api/settings/rubric').set(who.auth).send(body);
    expect((await set(w.office, rubric)).status).toBe(403);
    const bad = await set(w.admin, { innovation: { description: '', anchors: { '90': 'x' } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual([
      'innovation.anchors.60',
      'innovation.anchors.75',
      'innovation.description',
    ]);
    const edited = { ...rubric, innovation: { ...rubric.innovation, description: '原创性。' } };
    await set(w.admin, edited).expect(200);
    expect((await get(spare, '/api/settings/rubric').expect(200)).body.innovation.description).toBe(
      '原创性。',
    );
  });

  it("pages the console's 「已评」 (keyset, latest seat first) over the same items as the whole list", async () => {
    const items = [await ItemDriver.create(t, w), await ItemDriver.create(t, w)];
    for (const item of items) await item.toScoring();
    const panels = await Promise.all(items.map((i) => panelOf(i)));
    const both = panels[0].find((id) => panels[1].includes(id))!;
    const expert = byId.get(both)!;
    for (const item of items) {
      await item.ok(expert, 'SUBMIT_SCORE', { data: { scores: scoreSheet(80) } });
    }
    const service = t.app.get(ExpertReviewsService);
    const asUser = {
      id: expert.id,
      username: 'x',
      displayName: 'x',
      roles: ['expert' as const],
      organizationId: expert.organizationId,
    };
    const all = (await service.myReviews(asUser)).map((r) => r.achievement.id);
    expect(all).toEqual(expect.arrayContaining(items.map((i) => i.id)));
    const paged: string[] = [];
    let after: string | undefined;
    for (let i = 0; i <= all.length; i++) {
      const page = await service.myReviewsPage(asUser, after, 1);
      expect(page.total).toBe(all.length);
      expect(page.reviews.length).toBe(1);
      paged.push(...page.reviews.map((r) => r.achievement.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(paged).toEqual(all);
    // A cursor past the end gives an empty page, not an error.
    expect((await service.myReviewsPage(asUser, '1_0', 1)).reviews).toEqual([]);
  });
});
