import JSZip from 'jszip';
import { createTestApp, type TestApp } from './support/test-app';
import { buildWorld, type World } from './support/world';

/**
 * Issue 24: the parts of an issued document the office edits. The offices and the default 报 and
 * 抄送 lists are settings (each field's problem comes back with 400), an edition can carry its
 * own 抄送 list, and the documents print what was set.
 */
const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('document settings', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const settings = () => t.http().get('/api/settings/documents').set(w.office.auth);
  const put = (body: object) =>
    t.http().put('/api/settings/documents').set(w.office.auth).send(body);

  it('starts from the defaults and refuses a bad change field by field, changing nothing', async () => {
    const before = (await settings().expect(200)).body;
    expect(before.compilingOffice).toBe('浙江省科学技术厅');
    expect(before.copyRecipients).toEqual(['科技部', '各设区市科技局']);
    const bad = await put({
      compilingOffice: '  ',
      printingOffice: '厅'.repeat(61),
      copyRecipients: ['科技部', ''],
      principalRecipients: '省委办公厅',
      colour: 'red',
    }).expect(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual([
      'colour',
      'compilingOffice',
      'copyRecipients',
      'principalRecipients',
      'printingOffice',
    ]);
    expect((await settings().expect(200)).body).toEqual(before);
  });

  it('prints what the office set, and an edition’s own 抄送 list over the default', async () => {
    const saved = await put({
      compilingOffice: ' 浙江省科技厅成果转化处 ',
      copyRecipients: ['各设区市科技局', '省级有关单位'],
    }).expect(200);
    expect(saved.body.compilingOffice).toBe('浙江省科技厅成果转化处');
    expect(saved.body.printingOffice).toBe('浙江省科学技术厅办公室');

    const created = await t
      .http()
      .post('/api/editions')
      .set(w.office.auth)
      .send({ kind: 'monthly', period: '2026-12' })
      .expect(201);
    const text = async () => {
      const docx = await t
        .http()
        .get(`/api/editions/${created.body.id}/document.docx`)
        .set(w.office.auth)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      const zip = await JSZip.loadAsync(docx.body as Buffer);
      return zip.file('word/document.xml')!.async('string');
    };
    let xml = await text();
    expect(xml).toContain('浙江省科技厅成果转化处编');
    expect(xml).toContain('抄送：各设区市科技局、省级有关单位');

    const patched = await t
      .http()
      .patch(`/api/editions/${created.body.id}`)
      .set(w.office.auth)
      .send({ expectedVersion: created.body.version, copyList: ['科技部成果转化与区域创新司'] })
      .expect(200);
    expect(patched.body.copyList).toEqual(['科技部成果转化与区域创新司']);
    xml = await text();
    expect(xml).toContain('抄送：科技部成果转化与区域创新司');
    expect(xml).not.toContain('省级有关单位');
    await t
      .http()
      .patch(`/api/editions/${created.body.id}`)
      .set(w.office.auth)
      .send({ expectedVersion: patched.body.version, copyList: [''] })
      .expect(400);
  });

  it('lets no one outside the office change them', async () => {
    await t.http().put('/api/settings/documents').set(w.submitter.auth).send({}).expect(403);
  });
});
