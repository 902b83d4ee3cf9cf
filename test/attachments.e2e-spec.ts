import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Stream } from 'node:stream';
import type { Response } from 'supertest';
import { Attachment } from '../src/attachments/attachment.entity';
import { docx, jpeg, pdf, png, xlsx, zip } from './support/attachment-fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, type Login, type World } from './support/world';

/** Small enough to cross cheaply, large enough for the minimal XLSX (about 1.5 KB). */
const LIMIT = 2048;
const TYPE_REFUSED = '不支持的文件类型';

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/**
 * A plain name, or `filepath`, which form-data sends as given instead of reducing it to its base
 * name (superagent passes it through; its types only know `filename`).
 */
const fileOptions = (name: string | { filepath: string }) => name as string | { filename: string };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Collects a response body as raw bytes, whatever its content type. */
function binary(res: Stream, callback: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

interface AuditRow {
  seq: number;
  eventType: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorRole: string;
  payload: Record<string, unknown>;
}

describe('attachments (HTTP)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ config: { attachmentMaxBytes: LIMIT } });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const path = (item: ItemDriver, attachmentId?: string) =>
    `/api/achievements/${item.id}/attachments${attachmentId ? `/${attachmentId}` : ''}`;

  const upload = (
    item: ItemDriver,
    who: Login,
    bytes: Buffer,
    name: string | { filepath: string },
    kind = 'paper',
  ) =>
    t
      .http()
      .post(path(item))
      .set(who.auth)
      .attach('file', bytes, fileOptions(name))
      .field('kind', kind);

  async function uploaded(
    item: ItemDriver,
    bytes: Buffer,
    name: string | { filepath: string },
    kind = 'paper',
  ) {
    const res = await upload(item, w.submitter, bytes, name, kind);
    if (res.status !== 201) throw new Error(`upload → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; sha256: string; fileName: string; mimeType: string };
  }

  const list = async (item: ItemDriver, who: Login = w.office) =>
    (await t.http().get(path(item)).set(who.auth).expect(200)).body as {
      id: string;
      fileName: string;
    }[];

  const download = (item: ItemDriver, attachmentId: string, who: Login) =>
    t.http().get(path(item, attachmentId)).set(who.auth).buffer(true).parse(binary);

  const remove = (item: ItemDriver, attachmentId: string, who: Login = w.submitter) =>
    t.http().delete(path(item, attachmentId)).set(who.auth);

  const history = async (item: ItemDriver) =>
    (await t.http().get(`/api/achievements/${item.id}/history`).set(w.office.auth).expect(200))
      .body as AuditRow[];

  const filesRoot = () => join(t.config.dataDir, 'files');
  const storedPath = (sha: string) => join(filesRoot(), sha.slice(0, 2), sha);

  /** Every file under $DATA_DIR/files, temporary ones included. */
  function storedFiles(): string[] {
    if (!existsSync(filesRoot())) return [];
    return readdirSync(filesRoot(), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(filesRoot(), join(entry.parentPath, entry.name)))
      .sort();
  }

  /** Everything an upload could have written: the item's version and history, rows, files. */
  async function footprint(item: ItemDriver) {
    return {
      version: (await item.get()).version,
      history: await history(item),
      rows: await t.orm.em.fork().count(Attachment, {}),
      files: storedFiles(),
    };
  }

  function expectRefused(res: Response, status: number, message: string) {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, message });
  }

  it('accepts PDF, DOCX, XLSX, JPEG and PNG by their content and stores each under its SHA-256', async () => {
    const item = await ItemDriver.create(t, w);
    const files = [
      { name: '论文全文.pdf', bytes: pdf(), mimeType: MIME.pdf, kind: 'paper' },
      { name: '应用证明.docx', bytes: docx(), mimeType: MIME.docx, kind: 'applicationProof' },
      { name: '经济效益.xlsx', bytes: xlsx(), mimeType: MIME.xlsx, kind: 'other' },
      { name: '专利证书.jpg', bytes: jpeg(), mimeType: MIME.jpeg, kind: 'patentCertificate' },
      { name: '现场照片.png', bytes: png(), mimeType: MIME.png, kind: 'photo' },
    ];
    for (const [i, file] of files.entries()) {
      t.clock.advance(1000);
      const res = await upload(item, w.submitter, file.bytes, file.name, file.kind).expect(201);
      const sha = sha256(file.bytes);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        achievementId: item.id,
        kind: file.kind,
        fileName: file.name,
        mimeType: file.mimeType,
        size: file.bytes.length,
        sha256: sha,
        uploadedBy: w.submitter.id,
        uploadedAt: t.clock.now().toISOString(),
      });
      expect(readFileSync(storedPath(sha)).equals(file.bytes)).toBe(true);
      // Each upload is one audited record, so the version moves by one.
      expect((await item.get()).version).toBe(2 + i);
    }
    expect((await list(item, w.submitter)).map((a) => a.fileName)).toEqual(
      files.map((f) => f.name),
    );
    expect(storedFiles().filter((f) => f.startsWith('.tmp'))).toEqual([]);
  });

  it('keeps the type the content shows and a clean name, whatever the client says', async () => {
    const item = await ItemDriver.create(t, w);
    // A PNG sent as "scan.pdf" (and with application/pdf as its part type) stays a PNG.
    const renamed = await uploaded(item, png(), 'scan.pdf', 'photo');
    expect(renamed).toMatchObject({ mimeType: MIME.png, fileName: 'scan.pdf.png' });
    // Path parts and control characters are dropped from the kept name.
    const pathy = await uploaded(item, pdf(), { filepath: '../../../etc/\t证书\u202e.pdf' });
    expect(pathy.fileName).toBe('证书.pdf');
    const stem = '很长的文件名'.repeat(40);
    const long = await uploaded(item, pdf(), `${stem}.pdf`);
    expect(Buffer.byteLength(long.fileName)).toBeLessThanOrEqual(200);
    expect(long.fileName).toMatch(/^很长.+\.pdf$/);
    expect(stem.startsWith(long.fileName.slice(0, -'.pdf'.length))).toBe(true);
  });

  it('serves identical bytes to everyone who may see the item, with safe headers', async () => {
    const item = await ItemDriver.create(t, w);
    const bytes = pdf();
    const name = '成果证明 2026(终稿).pdf';
    const { id } = await uploaded(item, bytes, name);

    for (const who of [w.submitter, w.recommender, w.office]) {
      const res = await download(item, id, who).expect(200);
      expect(Buffer.isBuffer(res.body) && res.body.equals(bytes)).toBe(true);
      expect(res.headers['content-type']).toBe(MIME.pdf);
      expect(res.headers['content-length']).toBe(String(bytes.length));
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const disposition = res.headers['content-disposition'];
      const match =
        /^attachment; filename="([\x20-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9%._~!-]+)$/.exec(
          disposition,
        );
      expect(match).not.toBeNull();
      expect(match![1]).not.toMatch(/["\\]/);
      expect(decodeURIComponent(match![2])).toBe(name);
    }
  });

  it("refuses another city's unit, another unit and an expert outside scoring (403)", async () => {
    const item = await ItemDriver.create(t, w);
    const { id } = await uploaded(item, png(), '照片.png', 'photo');
    for (const who of [w.nbSubmitter, w.nbRecommender, w.uniSubmitter, w.experts[0]]) {
      expectRefused(await t.http().get(path(item)).set(who.auth), 403, '您无权查看该成果');
      expectRefused(await t.http().get(path(item, id)).set(who.auth), 403, '您无权查看该成果');
    }
  });

  it('refuses an upload over the limit with 413 and stores nothing', async () => {
    const item = await ItemDriver.create(t, w);
    const before = await footprint(item);
    for (const bytes of [pdf(LIMIT + 1), pdf(64 * 1024)]) {
      const res = await upload(item, w.submitter, bytes, '超大文件.pdf');
      expectRefused(res, 413, '附件不能超过 2 KB');
      expect(res.body.maxBytes).toBe(LIMIT);
    }
    expect(await footprint(item)).toEqual(before);

    // Exactly at the limit is allowed.
    const atLimit = pdf(LIMIT);
    await upload(item, w.submitter, atLimit, '刚好.pdf').expect(201);
    expect(readFileSync(storedPath(sha256(atLimit))).length).toBe(LIMIT);
  });

  it('refuses files whose content is not an accepted type (400) and stores nothing', async () => {
    const item = await ItemDriver.create(t, w);
    const before = await footprint(item);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126), Buffer.from('PE\0\0')]);
    const cases: [Buffer, string][] = [
      [Buffer.from('这不是 PDF,只是一段文字。\n%%EOF\n'), '论文.pdf'],
      [exe, 'setup.exe'],
      [exe, '照片.png'],
      [zip({ 'readme.txt': 'not an office document' }), '报告.docx'],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), '动图.gif'],
      [Buffer.alloc(0), '空文件.pdf'],
    ];
    for (const [bytes, name] of cases) {
      const res = await upload(item, w.submitter, bytes, name);
      expectRefused(res, 400, TYPE_REFUSED);
      expect(res.body.errors.file[0]).toContain('PDF');
    }
    expect(await footprint(item)).toEqual(before);
  });

  it('refuses malformed uploads with field errors and stores nothing', async () => {
    const item = await ItemDriver.create(t, w);
    const before = await footprint(item);

    const noFile = await t.http().post(path(item)).set(w.submitter.auth).field('kind', 'paper');
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual({ file: ['请选择要上传的文件'] });

    const badKind = await upload(item, w.submitter, pdf(), '论文.pdf', 'virus');
    expect(badKind.status).toBe(400);
    expect(Object.keys(badKind.body.errors)).toEqual(['kind']);

    const twoFiles = await t
      .http()
      .post(path(item))
      .set(w.submitter.auth)
      .attach('file', pdf(), 'a.pdf')
      .attach('file', png(), 'b.png')
      .field('kind', 'paper');
    expect(twoFiles.status).toBe(400);
    expect(Object.keys(twoFiles.body.errors)).toEqual(['file']);

    const otherField = await t
      .http()
      .post(path(item))
      .set(w.submitter.auth)
      .attach('document', pdf(), 'a.pdf')
      .field('kind', 'paper');
    expect(otherField.status).toBe(400);
    expect(Object.keys(otherField.body.errors)).toEqual(['file']);

    expect(await footprint(item)).toEqual(before);
  });

  it("lets only the owning unit's submitter upload (403 otherwise) and stores nothing", async () => {
    const item = await ItemDriver.create(t, w);
    const before = await footprint(item);
    for (const who of [w.recommender, w.office, w.ownExpert]) {
      expectRefused(
        await upload(item, who, pdf(), '论文.pdf'),
        403,
        '只有成果所属单位的申报人可以上传附件',
      );
    }
    for (const who of [w.uniSubmitter, w.nbSubmitter]) {
      expectRefused(await upload(item, who, pdf(), '论文.pdf'), 403, '您无权查看该成果');
    }
    expect(await footprint(item)).toEqual(before);
  });

  it('allows changes in draft and returned only (409 once the item has left them)', async () => {
    const item = await ItemDriver.create(t, w);
    const first = await uploaded(item, pdf(), '论文.pdf');
    await item.ok(w.submitter, 'SUBMIT');

    const before = await footprint(item);
    const late = await upload(item, w.submitter, jpeg(), '补充照片.jpg', 'photo');
    expectRefused(late, 409, '只有草稿或退回修改状态的成果可以上传附件');
    expect(late.body.state).toBe('recommendation');
    const lateDelete = await remove(item, first.id);
    expectRefused(lateDelete, 409, '成果已离开草稿或退回修改状态,附件不能删除');
    expect(await footprint(item)).toEqual(before);
    expect((await list(item)).map((a) => a.id)).toEqual([first.id]);

    // Returned for amendment: the unit may change its files again.
    await item.ok(w.recommender, 'RETURN_FOR_AMENDMENT', { comment: '请补充专利证书' });
    const second = await uploaded(item, jpeg(), '专利证书.jpg', 'patentCertificate');
    await remove(item, first.id).expect(204);
    expect((await list(item)).map((a) => a.id)).toEqual([second.id]);

    await item.ok(w.submitter, 'RESUBMIT');
    expect((await remove(item, second.id)).status).toBe(409);
    expect((await upload(item, w.submitter, pdf(), '论文.pdf')).status).toBe(409);
  });

  it('soft-deletes in draft, audits both changes, and keeps shared content while a row uses it', async () => {
    const a = await ItemDriver.create(t, w);
    const b = await ItemDriver.create(t, w);
    const bytes = docx('两个成果共用的证明');
    const sha = sha256(bytes);
    const onA = await uploaded(a, bytes, '证明.docx', 'applicationProof');
    t.clock.advance(60_000);
    const onB = await uploaded(b, bytes, '证明材料.docx', 'applicationProof');
    expect(onB.sha256).toBe(sha);
    expect(storedFiles().filter((f) => f.endsWith(sha))).toEqual([join(sha.slice(0, 2), sha)]);

    // Only the owning unit's submitter may delete.
    expectRefused(
      await remove(a, onA.id, w.recommender),
      403,
      '只有成果所属单位的申报人可以删除附件',
    );
    expectRefused(await remove(a, onA.id, w.nbSubmitter), 403, '您无权查看该成果');
    // An attachment of another item is not found through this one.
    expectRefused(await remove(a, onB.id), 404, '附件不存在');

    t.clock.advance(60_000);
    await remove(a, onA.id).expect(204);
    expect(await list(a)).toEqual([]);
    expectRefused(await t.http().get(path(a, onA.id)).set(w.office.auth), 404, '附件不存在');
    expectRefused(await remove(a, onA.id), 404, '附件不存在');

    // Soft delete: the row stays, marked with who and when.
    const row = await t.orm.em.fork().findOneOrFail(Attachment, onA.id);
    expect(row.deletedAt?.toISOString()).toBe(t.clock.now().toISOString());
    expect(row.deletedBy?.id).toBe(w.submitter.id);
    // B still uses the content, so the file stays and B's download is intact.
    expect(existsSync(storedPath(sha))).toBe(true);
    expect((await download(b, onB.id, w.submitter).expect(200)).body.equals(bytes)).toBe(true);

    await remove(b, onB.id).expect(204);
    expect(existsSync(storedPath(sha))).toBe(false);

    const rows = await history(a);
    expect(rows.map((r) => r.eventType)).toEqual([
      'CREATE',
      'ATTACHMENT_ADDED',
      'ATTACHMENT_REMOVED',
    ]);
    const payload = {
      attachmentId: onA.id,
      fileName: '证明.docx',
      sha256: sha,
      size: bytes.length,
    };
    expect(rows.slice(1)).toEqual([
      expect.objectContaining({
        seq: 2,
        fromState: 'draft',
        toState: 'draft',
        actorId: w.submitter.id,
        actorRole: 'submitter',
        payload: { ...payload, kind: 'applicationProof' },
      }),
      expect.objectContaining({
        seq: 3,
        fromState: 'draft',
        toState: 'draft',
        actorId: w.submitter.id,
        actorRole: 'submitter',
        payload: { ...payload, kind: 'applicationProof' },
      }),
    ]);
    expect((await a.get()).version).toBe(3);
    // The owner reads the same story.
    const own = await t.http().get(`/api/achievements/${a.id}/history`).set(w.submitter.auth);
    expect(own.body.map((r: AuditRow) => r.eventType)).toContain('ATTACHMENT_REMOVED');
  });

  it('stores identical content once, even on one item', async () => {
    const item = await ItemDriver.create(t, w);
    const bytes = png();
    const first = await uploaded(item, bytes, '一.png', 'photo');
    const second = await uploaded(item, bytes, '二.png', 'photo');
    expect(first.id).not.toBe(second.id);
    expect(storedFiles().filter((f) => f.endsWith(first.sha256))).toHaveLength(1);
    await remove(item, first.id).expect(204);
    expect(existsSync(storedPath(first.sha256))).toBe(true);
  });

  it('leaves the audit trail verifiable', async () => {
    const res = await t.http().get('/api/audit/verify').set(w.office.auth).expect(200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.checked).toBeGreaterThan(10);
  });
});
