import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup, corruptFiles, restore, sha256Of } from '../src/backup/backup';
import { createScratchPostgres } from '../src/database/scratch-postgres';
import { pdf } from './support/attachment-fixtures';
import { createTestApp, TEST_DB, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, type World } from './support/world';

/**
 * Backup under load and restore into a fresh place: the restored system starts, every audit chain
 * verifies, every item's version matches its audit trail, and every upload is there with its hash.
 * A damaged backup is refused. Runs on SQLite (VACUUM INTO) and PostgreSQL (pg_dump/pg_restore).
 */
describe('backup and restore (under load)', () => {
  let t: TestApp;
  let w: World;
  const scratch: string[] = [];
  const dir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    scratch.push(d);
    return d;
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  const upload = (item: ItemDriver, n: number) =>
    t
      .http()
      .post(`/api/achievements/${item.id}/attachments`)
      .set(w.submitter.auth)
      .field('kind', 'patentCertificate')
      .attach('file', pdf(2000 + n), { filename: `证书${n}.pdf`, contentType: 'application/pdf' })
      .expect(201);

  it('backs up while transitions and uploads go on; the restore verifies', async () => {
    for (let i = 0; i < 3; i++) {
      const item = await ItemDriver.create(t, w);
      await upload(item, i);
      await item.toSubmitted();
    }
    // A stream of work running while the backup is taken.
    let stop = false;
    let done = 0;
    const load = (async () => {
      for (let i = 10; !stop && i < 60; i++) {
        const item = await ItemDriver.create(t, w);
        await upload(item, i);
        await item.ok(w.submitter, 'SUBMIT');
        done++;
      }
    })();
    while (done < 2) await new Promise((r) => setTimeout(r, 20));
    const target = join(dir('chengguo-backup-'), 'b');
    const manifest = await backup(t.config, target);
    stop = true;
    await load;
    expect(manifest.database.kind).toBe(TEST_DB);
    expect(manifest.files.length).toBeGreaterThanOrEqual(3);
    // The audit keys travel with the backup, or the restored trail could not be verified.
    expect(manifest.trail?.map((f) => f.path)).toContainEqual(
      expect.stringMatching(/^audit-keys\/k1-[0-9a-f]+\.key$/),
    );

    const dataDir = dir('chengguo-restored-');
    const pg = TEST_DB === 'postgres' ? await createScratchPostgres() : null;
    try {
      await restore({ ...t.config, dataDir, databaseUrl: pg?.url ?? null }, target);
      expect(await corruptFiles(dataDir)).toEqual([]);
      const restored = await createTestApp({
        config: { dataDir, databaseUrl: pg?.url ?? null },
      });
      try {
        const admin = (
          await restored
            .http()
            .post('/api/auth/login')
            .send({ username: 'office', password: 'Heron-Lake-2026!' })
            .expect(200)
        ).body.accessToken as string;
        const auth = { Authorization: `Bearer ${admin}` };
        const verify = await restored.http().get('/api/audit/verify').set(auth).expect(200);
        expect(verify.body).toMatchObject({ ok: true });
        const items = (
          await restored.http().get('/api/achievements?limit=100').set(auth).expect(200)
        ).body.items as { id: string }[];
        // Everything acknowledged before the backup began is there.
        expect(items.length).toBeGreaterThanOrEqual(5);
        for (const item of items) {
          const files = (
            await restored
              .http()
              .get(`/api/achievements/${item.id}/attachments`)
              .set(auth)
              .expect(200)
          ).body as { id: string; sha256: string }[];
          for (const f of files) {
            const bytes = (
              await restored
                .http()
                .get(`/api/achievements/${item.id}/attachments/${f.id}`)
                .set(auth)
                .buffer(true)
                .parse((res, cb) => {
                  const chunks: Buffer[] = [];
                  res.on('data', (c: Buffer) => chunks.push(c));
                  res.on('end', () => cb(null, Buffer.concat(chunks)));
                })
                .expect(200)
            ).body as Buffer;
            const file = join(dir('chengguo-check-'), 'f');
            writeFileSync(file, bytes);
            expect(await sha256Of(file)).toBe(f.sha256);
          }
        }
      } finally {
        await restored.close();
      }
    } finally {
      await pg?.drop();
    }

    // A damaged backup is refused, and nothing is restored.
    const upload0 = manifest.files[0].path;
    writeFileSync(join(target, 'files', upload0), 'tampered');
    const empty = dir('chengguo-refused-');
    await expect(
      restore({ ...t.config, dataDir: empty, databaseUrl: null }, target),
    ).rejects.toThrow(/校验不符/);
    expect(readdirSync(empty)).toEqual([]);
  }, 120_000);
});
