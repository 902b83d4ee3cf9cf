import type { TestApp } from './test-app';
import { firstLogin, INITIAL_PASSWORD, type ItemDriver, type Login, type World } from './world';

export interface AuditRow {
  eventType: string;
  actorId: string;
  actorRole: string;
  comment: string | null;
  payload: Record<string, unknown>;
}

/** Helpers for evaluation tests: extra experts, the panel as the office sees it, inbox, history. */
export function evaluationHelpers(t: () => TestApp, w: () => World) {
  const get = (who: Login, path: string) => t().http().get(path).set(who.auth);
  const post = (who: Login, path: string, body: object) =>
    t().http().post(path).set(who.auth).send(body);
  return {
    get,
    post,
    panelOf: async (item: ItemDriver) => (await item.get(w().office)).scoring.panel as string[],
    history: async (item: ItemDriver, who: Login) =>
      (await get(who, `/api/achievements/${item.id}/history`).expect(200)).body as AuditRow[],
    /** The kinds of the notifications a user got about one item. */
    inboxKinds: async (who: Login, item: ItemDriver) =>
      (
        (await get(who, '/api/notifications?limit=100').expect(200)).body.items as {
          kind: string;
          link: string | null;
        }[]
      )
        .filter((n) => n.link === `/achievements/${item.id}`)
        .map((n) => n.kind),
    /** An expert in an institute of their own, with the given profile. */
    addExpert: async (username: string, displayName: string, profile: object) => {
      const inst = (
        await post(w().admin, '/api/organizations', {
          name: `${displayName}所在研究所`,
          type: 'researchInstitute',
          city: '宁波',
        }).expect(201)
      ).body as { id: string };
      await post(w().securityAdmin, '/api/users', {
        username,
        password: INITIAL_PASSWORD,
        displayName,
        organizationId: inst.id,
        roles: ['expert'],
      }).expect(201);
      const who = await firstLogin(t(), username);
      await t()
        .http()
        .put(`/api/experts/${who.id}/profile`)
        .set(w().office.auth)
        .send({ active: true, declaredConflicts: [], ...profile })
        .expect(200);
      return who;
    },
  };
}
