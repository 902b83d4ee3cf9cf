import type { EditionView } from '../src/releases/releases.service';
import { consoleSignIn, postForm, type ConsoleSession } from './support/console-session';
import { createTestApp, type TestApp } from './support/test-app';
import {
  ItemDriver,
  addSecondOffice,
  buildWorld,
  techBreakthrough,
  type World,
} from './support/world';

/**
 * The office's edition pages over HTTP: who may use them, CSRF, field errors beside their
 * fields with nothing written, 409s as a notice, and an edition curated and issued through the
 * console that then appears on the public platform with its documents.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-05T10:00:00+08:00') });
  w = await buildWorld(t);
});

afterAll(() => t.close());

const editionsApi = async (): Promise<EditionView[]> =>
  (await t.http().get('/api/editions').set(w.office.auth).expect(200)).body as EditionView[];

describe('edition pages in the console', () => {
  let office: ConsoleSession;
  /** A second office member: the four-eyes rule keeps the one who submits from issuing. */
  let office2: ConsoleSession;
  const post = (path: string, body: Record<string, string>) => postForm(t, office, path, body);
  const post2 = (path: string, body: Record<string, string>) => postForm(t, office2, path, body);

  beforeAll(async () => {
    office = await consoleSignIn(t, 'office');
    await addSecondOffice(t, w);
    office2 = await consoleSignIn(t, 'office2');
  });

  it('is for the office only, and every post needs the CSRF token', async () => {
    const submitter = await consoleSignIn(t, 'submitter');
    const refused = await t.http().get('/editions').set('Cookie', submitter.cookie).expect(403);
    expect(refused.text).toContain('您的角色无权访问该页面');
    await t.http().get('/editions').expect(303);
    await t
      .http()
      .post('/editions')
      .set('Cookie', submitter.cookie)
      .type('form')
      .send({ _csrf: submitter.csrf, kind: 'monthly', period: '2026-11' })
      .expect(403);
    await t
      .http()
      .post('/editions')
      .set('Cookie', office.cookie)
      .type('form')
      .send({ kind: 'monthly', period: '2026-11' })
      .expect(403);
    await t.http().get('/public/editions').expect(200);
    expect(await editionsApi()).toEqual([]);
    const page = await t.http().get('/editions').set('Cookie', office.cookie).expect(200);
    expect(page.text).toContain('还没有刊期');
  });

  it('shows a bad period beside its field and creates nothing', async () => {
    const res = await post('/editions', { kind: 'monthly', period: '十一月' }).expect(400);
    expect(res.text).toMatch(/data-field="period">[^<]*YYYY-MM/);
    expect(res.text).toContain('value="十一月"');
    const mismatch = await post('/editions', { kind: 'quarterly', period: '2026-11' }).expect(400);
    expect(mismatch.text).toContain('期别格式与刊物类型不符');
    expect(await editionsApi()).toEqual([]);
  });

  it('curates, refuses with notices, issues, and publishes through the public pages', async () => {
    const created = await post('/editions', { kind: 'monthly', period: '2026-11' }).expect(303);
    const id = /^\/editions\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    const duplicate = await post('/editions', { kind: 'monthly', period: '2026-11' }).expect(409);
    expect(duplicate.text).toContain('已存在');
    const tasks = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(tasks.text).toContain('id="editions-to-curate"');
    expect(tasks.text).toContain(`href="/editions/${id}"`);

    const chip = await ItemDriver.create(t, w, techBreakthrough({ title: '碳化硅功率芯片' }));
    await chip.toLibrary();
    const page = await t.http().get(`/editions/${id}`).set('Cookie', office.cookie).expect(200);
    expect(page.text).toContain(`<option value="${chip.id}">碳化硅功率芯片</option>`);
    let version = (await editionsApi())[0].version;

    // Nothing chosen: the error sits by the select, the list stays as it was.
    const none = await post(`/editions/${id}/items`, {
      op: 'add',
      achievementId: '',
      expectedVersion: String(version),
    }).expect(400);
    expect(none.text).toMatch(/data-field="achievementId">请选择成果/);

    await post(`/editions/${id}/items`, {
      op: 'add',
      achievementId: chip.id,
      expectedVersion: String(version),
    }).expect(303);
    let edition = (await editionsApi())[0];
    expect(edition.items.map((i) => i.achievementId)).toEqual([chip.id]);

    // A stale version is a conflict shown as a notice, not a silent overwrite.
    const stale = await post(`/editions/${id}/items`, {
      op: 'blurb',
      achievementId: chip.id,
      blurb: '旧页面上的推介语',
      expectedVersion: String(version),
    }).expect(409);
    expect(stale.text).toContain('id="conflict"');
    version = edition.version;
    await post(`/editions/${id}/items`, {
      op: 'blurb',
      achievementId: chip.id,
      blurb: '打破国外垄断的车规级芯片',
      expectedVersion: String(version),
    }).expect(303);
    edition = (await editionsApi())[0];
    expect(edition.items[0].blurb).toBe('打破国外垄断的车规级芯片');

    const tooLong = await post(`/editions/${id}/distribution`, {
      distributionList: `省委办公厅\n${'长'.repeat(201)}`,
      expectedVersion: String(edition.version),
    }).expect(400);
    expect(tooLong.text).toMatch(/data-field="distributionList"/);
    expect((await editionsApi())[0].distributionList).toEqual([]);

    await post(`/editions/${id}/submit`, { expectedVersion: String(edition.version) }).expect(303);
    edition = (await editionsApi())[0];
    expect(edition.state).toBe('underReview');
    // Four eyes: the one who submitted it cannot issue it, and the page says why.
    const own = await t.http().get(`/editions/${id}`).set('Cookie', office.cookie).expect(200);
    expect(own.text).toContain('id="four-eyes"');
    expect(own.text).not.toContain('id="issue-edition"');
    const barred = await post(`/editions/${id}/issue`, {
      expectedVersion: String(edition.version),
    }).expect(403);
    expect(barred.text).toContain('四眼原则');
    expect((await editionsApi())[0].state).toBe('underReview');
    // A monthly edition without its distribution list cannot be issued: 409, nothing published.
    const refused = await post2(`/editions/${id}/issue`, {
      expectedVersion: String(edition.version),
    }).expect(409);
    expect(refused.text).toContain('月报签发前须填写报送范围');
    await post(`/editions/${id}/return`, { expectedVersion: String(edition.version) }).expect(303);
    edition = (await editionsApi())[0];
    await post(`/editions/${id}/distribution`, {
      distributionList: '省委办公厅\r\n省政府办公厅\r\n',
      expectedVersion: String(edition.version),
    }).expect(303);
    edition = (await editionsApi())[0];
    expect(edition.distributionList).toEqual(['省委办公厅', '省政府办公厅']);
    await post(`/editions/${id}/submit`, { expectedVersion: String(edition.version) }).expect(303);
    edition = (await editionsApi())[0];
    await post2(`/editions/${id}/issue`, { expectedVersion: String(edition.version) })
      .expect(303)
      .expect('Location', `/editions/${id}?done=issue`);
    expect((await editionsApi())[0].state).toBe('issued');
    const after = await t.http().get('/tasks').set('Cookie', office.cookie).expect(200);
    expect(after.text).not.toContain('id="editions-to-curate"');
    expect((await chip.get()).state).toBe('published');

    const preview = await t
      .http()
      .get(`/editions/${id}/document.docx`)
      .set('Cookie', office.cookie)
      .expect(200);
    expect(preview.headers['content-type']).toContain(DOCX);

    const list = await t.http().get('/public/editions').expect(200);
    expect(list.text).toContain(`/public/editions/${id}/document.docx`);
    const detail = await t.http().get(`/public/editions/${id}`).expect(200);
    expect(detail.text).toContain('碳化硅功率芯片');
    expect(detail.text).toContain('打破国外垄断的车规级芯片');
    const docx = await t
      .http()
      .get(`/public/editions/${id}/document.docx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(docx.headers['content-type']).toContain(DOCX);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    await t.http().get(`/public/editions/${id}/document.html`).expect(200);
    await t.http().get(`/public/${chip.id}`).expect(200);
    await t.http().get(`/public/editions/${chip.id}`).expect(404);
  });
});
