import { bootApp, seedWorld } from './engine';
import { draftLastEdition } from './console-pages';
import { seedProvince } from './scale';

/**
 * Seeds a province into DATA_DIR and leaves it there, so query plans can be read with the sqlite3
 * shell and the server started on it (`DATA_DIR=… node dist/src/main.js`) while tuning a query,
 * without paying the seeding on every try. `node dist/bench/scale-seed.js <dir> [items] [audit]`.
 */
async function main() {
  const [dir, items = '20000', audit] = process.argv.slice(2);
  if (!dir) throw new Error('usage: scale-seed <dataDir> [items] [auditRows]');
  const { app, baseUrl } = await bootApp(dir);
  try {
    const world = await seedWorld(baseUrl);
    const seed = await seedProvince(
      app,
      world,
      { items: Number(items), auditRows: Number(audit ?? Number(items) * 10) },
      (m) => console.log(m),
    );
    await draftLastEdition(app);
    console.log(JSON.stringify(seed));
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
