import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, techBreakthrough, type Login, type World } from './support/world';
import { consoleSignIn } from './support/console-session';

/**
 * The searches of issue 16 on both databases: the console's item search by number (the id's
 * first characters, a uuid column on PostgreSQL) and by title within the user's visibility, and
 * the public list's count (「共 N 项」) for short and long terms and filters.
 */
describe('search by number and the public result count', () => {
  let t: TestApp;
  let w: World;
  let chip: ItemDriver;
  let wafer: ItemDriver;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    chip = await ItemDriver.create(t, w, techBreakthrough({ title: '高性能碳化硅功率芯片' }));
    await chip.toPublished();
    wafer = await ItemDriver.create(t, w, techBreakthrough({ title: '碳化硅衬底外延材料' }));
    await wafer.toPublished();
    await ItemDriver.create(t, w, techBreakthrough({ title: '固态锂电池电解质材料' }));
  });
  afterAll(() => t?.close());

  const list = async (who: Login, q: string) =>
    (
      await t
        .http()
        .get(`/api/achievements?q=${encodeURIComponent(q)}`)
        .set(who.auth)
        .expect(200)
    ).body.items.map((i: { id: string }) => i.id) as string[];

  it('finds an item by its number (8 or more characters of its id) and by a title word', async () => {
    expect(await list(w.submitter, chip.id.slice(0, 8))).toEqual([chip.id]);
    expect(await list(w.submitter, chip.id.toUpperCase())).toEqual([chip.id]);
    expect(await list(w.submitter, '功率芯片')).toEqual([chip.id]);
    // Visibility still applies: another city's unit finds nothing, by number or by title.
    expect(await list(w.nbSubmitter, chip.id.slice(0, 8))).toEqual([]);
    expect(await list(w.nbSubmitter, '功率芯片')).toEqual([]);
  });

  it('the console search page shows the item found by number, and 通知 its unread count', async () => {
    const { cookie } = await consoleSignIn(t, 'submitter');
    const page = await t
      .http()
      .get(`/items?q=${chip.id.slice(0, 8)}`)
      .set('Cookie', cookie)
      .expect(200);
    expect(page.text).toContain(`/items/${chip.id}`);
    expect(page.text).not.toContain(`/items/${wafer.id}`);
    // Entered the library and published, for each of the two items: four notices, none read.
    expect(page.text).toMatch(/<span class="count unread" aria-label="4 条未读">4<\/span>/);
  });

  it('counts the public results for long and short terms and with filters', async () => {
    const count = async (query: string) => {
      const res = await t.http().get(`/public${query}`).expect(200);
      return /共 <strong>(\d+)<\/strong>/.exec(res.text)?.[1];
    };
    expect(await count('')).toBe('2');
    expect(await count(`?q=${encodeURIComponent('碳化硅')}`)).toBe('2');
    expect(await count(`?q=${encodeURIComponent('芯片')}`)).toBe('1');
    expect(await count(`?q=${encodeURIComponent('碳化硅 衬底')}`)).toBe('1');
    expect(
      await count(`?q=${encodeURIComponent('碳化硅')}&city=${encodeURIComponent('宁波')}`),
    ).toBe('0');
    expect(await count(`?q=${encodeURIComponent('50%_')}`)).toBe('0');
  });
});
