import { EntityManager } from '@mikro-orm/core';
import { TimerService } from '../src/scheduling/timer.service';
import { createTestApp, type TestApp } from './support/test-app';
import { ItemDriver, buildWorld, login, type Login, type World } from './support/world';

/**
 * 成果转化: partner registration and approval (and the 403 before it), transfer offers with their
 * checks, the cooperation request's life on its machine, its timers and who sees what.
 */
const PARTNER_PASSWORD = 'Harbour-Lane-2026!';
const DAY = 86_400_000;

const registration = (overrides: Record<string, unknown> = {}) => ({
  organizationName: '宁波某某创业投资有限公司',
  creditCode: '91330000142916567N',
  contactPerson: '王五',
  phone: '0574-88886666',
  email: 'wangwu@example.com',
  kind: 'investor',
  username: 'partner-nb',
  password: PARTNER_PASSWORD,
  ...overrides,
});

const offer = (overrides: Record<string, unknown> = {}) => ({
  modes: ['licence', 'assignment'],
  negotiable: false,
  priceMinYuan: 500_000,
  priceMaxYuan: 2_000_000,
  seeks: ['capital', 'pilotLine'],
  note: '可提供中试样品。',
  openToContact: true,
  contactName: '赵六',
  contactPhone: '0571-87654321',
  contactEmail: 'zhaoliu@example.com',
  ...overrides,
});

describe('transformation: partners, offers, cooperation requests', () => {
  let t: TestApp;
  let w: World;
  let item: ItemDriver;
  let partner: Login;
  let partnerId: string;

  const count = async (table: string) => {
    const rows = await t.app
      .get(EntityManager)
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(`select count(*) as n from ${table}`);
    return Number(rows[0].n);
  };
  /** Every subject in the inbox: the manual clock stands still, so order within it is not kept. */
  const subjects = async (who: Login): Promise<string[]> =>
    (await t.http().get('/api/notifications').set(who.auth).expect(200)).body.items.map(
      (n: { subject: string }) => n.subject,
    );
  const act = (who: Login, id: string, body: Record<string, unknown>) =>
    t.http().post(`/api/transformation/requests/${id}/actions`).set(who.auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    item = await ItemDriver.create(t, w);
    await item.toPublished();
  }, 180_000);
  afterAll(() => t.close());

  it('registers a partner only with a valid credit code, and nothing is written otherwise', async () => {
    const before = await count('partner_account');
    const bad = await t
      .http()
      .post('/api/partners/register')
      .send(registration({ creditCode: '91330000142916567A', email: 'no-mail' }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['email']);
    const badCode = await t
      .http()
      .post('/api/partners/register')
      .send(registration({ creditCode: '91330000142916567A' }));
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors.creditCode[0]).toContain('校验位');
    expect(await count('partner_account')).toBe(before);

    const res = await t.http().post('/api/partners/register').send(registration()).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', kindLabel: '投资机构' });
    partnerId = res.body.id;
    await t
      .http()
      .post('/api/partners/register')
      .send(registration({ username: 'other' }))
      .expect(409);
  });

  it('lets an unapproved partner sign in but answers 403 to every action', async () => {
    partner = await login(t, 'partner-nb', PARTNER_PASSWORD);
    const me = await t.http().get('/api/partners/me').set(partner.auth).expect(200);
    expect(me.body.statusLabel).toBe('待审核');
    for (const [verb, path] of [
      ['get', '/api/transformation/requests'],
      ['post', `/api/transformation/offers/${item.id}/requests`],
      ['get', '/api/notifications'],
      ['get', '/api/achievements'],
    ] as const) {
      const res = await t.http()[verb](path).set(partner.auth).send({ message: '希望洽谈许可。' });
      expect([path, res.status]).toEqual([path, 403]);
    }
  });

  it('has the office approve the account (audited, the applicant told); only the office may', async () => {
    await t
      .http()
      .post(`/api/partners/${partnerId}/decision`)
      .set(w.submitter.auth)
      .send({ decision: 'approve' })
      .expect(403);
    const refuseBlank = await t
      .http()
      .post(`/api/partners/${partnerId}/decision`)
      .set(w.office.auth)
      .send({ decision: 'refuse' });
    expect(refuseBlank.status).toBe(400);
    expect(refuseBlank.body.errors.reason).toBeDefined();
    const pending = await t
      .http()
      .get('/api/partners?status=pending')
      .set(w.office.auth)
      .expect(200);
    expect(pending.body.map((p: { id: string }) => p.id)).toContain(partnerId);
    await t
      .http()
      .post(`/api/partners/${partnerId}/decision`)
      .set(w.office.auth)
      .send({ decision: 'approve' })
      .expect(200);
    expect(await subjects(partner)).toEqual(
      expect.arrayContaining([expect.stringContaining('审核通过')]),
    );
    const log = await t.http().get('/api/security-log').set(w.auditAdmin.auth).expect(200);
    const kinds = log.body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['partnerRegistered', 'partnerApproved']));
  });

  it('refuses a second applicant with a reason; the account is closed', async () => {
    const res = await t
      .http()
      .post('/api/partners/register')
      .send(
        registration({ username: 'partner-x', creditCode: '91110000802100433B', kind: 'legal' }),
      )
      .expect(201);
    await t
      .http()
      .post(`/api/partners/${res.body.id}/decision`)
      .set(w.office.auth)
      .send({ decision: 'refuse', reason: '材料不全' })
      .expect(200);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'partner-x', password: PARTNER_PASSWORD })
      .expect(401);
  });

  it('keeps offers to the owning unit and refuses bad prices per field, writing nothing', async () => {
    const put = (who: Login, body: Record<string, unknown>) =>
      t.http().put(`/api/transformation/offers/${item.id}`).set(who.auth).send(body);
    const minOverMax = await put(w.submitter, offer({ priceMinYuan: 3_000_000 }));
    expect(minOverMax.status).toBe(400);
    expect(Object.keys(minOverMax.body.errors)).toEqual(['priceMinYuan']);
    const negative = await put(w.submitter, offer({ priceMaxYuan: -1 }));
    expect(negative.status).toBe(400);
    expect(Object.keys(negative.body.errors)).toEqual(['priceMaxYuan']);
    expect(await count('transfer_offer')).toBe(0);
    expect((await put(w.nbSubmitter, offer())).status).toBe(403);
    expect((await put(partner, offer())).status).toBe(403);

    const saved = await put(w.submitter, offer()).expect(200);
    expect(saved.body.priceLabel).toBe('50 万元 至 200 万元');
    const negotiable = await put(w.submitter, offer({ negotiable: true })).expect(200);
    expect(negotiable.body.priceLabel).toBe('面议');

    const pub = await t.http().get(`/api/public/achievements/${item.id}/offer`).expect(200);
    expect(pub.body.offer.modeLabels).toEqual(['许可', '转让']);
    expect(JSON.stringify(pub.body)).not.toContain('0571-87654321');
  });

  let requestId: string;

  it('takes a request from the approved partner and hides the unit contact until accepted', async () => {
    await t
      .http()
      .post(`/api/transformation/offers/${item.id}/requests`)
      .set(w.submitter.auth)
      .send({ message: 'x' })
      .expect(403);
    const res = await t
      .http()
      .post(`/api/transformation/offers/${item.id}/requests`)
      .set(partner.auth)
      .send({ message: '希望以许可方式合作。' })
      .expect(201);
    requestId = res.body.id;
    expect(res.body).toMatchObject({
      state: 'submitted',
      stateLabel: '待单位答复',
      unitContact: null,
    });
    await t
      .http()
      .post(`/api/transformation/offers/${item.id}/requests`)
      .set(partner.auth)
      .send({ message: '再问一次。' })
      .expect(409);

    // Visibility: the partner and the owning unit and the office; not another unit.
    const nb = await t
      .http()
      .get('/api/transformation/requests')
      .set(w.nbSubmitter.auth)
      .expect(200);
    expect(nb.body).toEqual([]);
    await t
      .http()
      .get(`/api/transformation/requests/${requestId}`)
      .set(w.nbSubmitter.auth)
      .expect(403);
    const unit = await t
      .http()
      .get('/api/transformation/requests')
      .set(w.submitter.auth)
      .expect(200);
    expect(unit.body.map((r: { id: string }) => r.id)).toEqual([requestId]);
    expect(unit.body[0].partner.organizationName).toBe('宁波某某创业投资有限公司');
    const office = await t
      .http()
      .get('/api/transformation/requests')
      .set(w.office.auth)
      .expect(200);
    expect(office.body).toHaveLength(1);
    expect(await subjects(w.submitter)).toEqual(
      expect.arrayContaining([expect.stringContaining('对接请求')]),
    );
  });

  it('reminds the unit at 3 working days and tells the office at 5', async () => {
    const timers = t.app.get(TimerService);
    const start = t.clock.now().getTime();
    t.clock.set(new Date(start + 6 * DAY)); // Thursday + 6 days: 3 working days have passed.
    await timers.runDue();
    expect(await subjects(w.submitter)).toEqual(
      expect.arrayContaining([expect.stringContaining('请尽快答复')]),
    );
    t.clock.set(new Date(start + 8 * DAY));
    await timers.runDue();
    expect(await subjects(w.office)).toEqual(
      expect.arrayContaining([expect.stringContaining('超期未答复')]),
    );
    t.clock.set(new Date(start));
  });

  it('runs the request to a recorded deal, refusing a bad deal per field', async () => {
    await act(partner, requestId, { action: 'accept' }).expect(403);
    const accepted = await act(w.submitter, requestId, { action: 'accept' }).expect(200);
    expect(accepted.body.state).toBe('accepted');
    const seen = await t.http().get(`/api/transformation/requests/${requestId}`).set(partner.auth);
    expect(seen.body.unitContact).toEqual({
      contactName: '赵六',
      contactPhone: '0571-87654321',
      contactEmail: 'zhaoliu@example.com',
    });
    const noPlace = await act(w.submitter, requestId, {
      action: 'scheduleMeeting',
      meetingAt: '2026-11-12T06:00:00.000Z',
    });
    expect(noPlace.status).toBe(400);
    expect(Object.keys(noPlace.body.errors)).toEqual(['place']);
    await act(w.submitter, requestId, {
      action: 'scheduleMeeting',
      meetingAt: '2026-11-12T06:00:00.000Z',
      place: '杭州市西湖区某某路 1 号',
    }).expect(200);
    const meeting = await t
      .http()
      .get(`/api/transformation/requests/${requestId}`)
      .set(partner.auth);
    expect(meeting.body).toMatchObject({
      state: 'meetingScheduled',
      meetingPlace: '杭州市西湖区某某路 1 号',
    });
    await act(partner, requestId, { action: 'startNegotiation' }).expect(200);

    const deal = {
      action: 'agree',
      mode: 'licence',
      amountYuan: 1_200_000,
      contractDate: '2026-11-04',
      parties: '某某科技有限公司;宁波某某创业投资有限公司',
      registrationNumber: '2026330100000123',
    };
    const negative = await act(w.submitter, requestId, { ...deal, amountYuan: -5 });
    expect(negative.status).toBe(400);
    expect(Object.keys(negative.body.errors)).toEqual(['amountYuan']);
    const future = await act(w.submitter, requestId, { ...deal, contractDate: '2026-11-06' });
    expect(future.status).toBe(400);
    expect(Object.keys(future.body.errors)).toEqual(['contractDate']);
    const still = await t
      .http()
      .get(`/api/transformation/requests/${requestId}`)
      .set(w.office.auth);
    expect(still.body).toMatchObject({ state: 'negotiating', deal: null });

    const agreed = await act(w.submitter, requestId, deal).expect(200);
    expect(agreed.body).toMatchObject({
      state: 'agreed',
      deal: {
        modeLabel: '许可',
        amountYuan: 1_200_000,
        amountLabel: '120 万元',
        contractDate: '2026-11-04',
      },
    });
    const history = await t.http().get(`/api/audit?instanceId=${requestId}`).set(w.office.auth);
    expect(history.status).toBeLessThan(500);
    const verify = await t.http().get('/api/audit/verify').set(w.office.auth).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('closes a request with no move in 60 days as stale and tells both sides', async () => {
    const second = await ItemDriver.create(t, w);
    await second.toPublished();
    await t
      .http()
      .put(`/api/transformation/offers/${second.id}`)
      .set(w.submitter.auth)
      .send(offer())
      .expect(200);
    const res = await t
      .http()
      .post(`/api/transformation/offers/${second.id}/requests`)
      .set(partner.auth)
      .send({ message: '了解合作开发的可能。' })
      .expect(201);
    await act(w.submitter, res.body.id, { action: 'accept' }).expect(200);
    const timers = t.app.get(TimerService);
    const start = t.clock.now().getTime();
    t.clock.set(new Date(start + 59 * DAY));
    await timers.runDue();
    expect(
      (await t.http().get(`/api/transformation/requests/${res.body.id}`).set(partner.auth)).body
        .state,
    ).toBe('accepted');
    t.clock.set(new Date(start + 61 * DAY));
    await timers.runDue();
    await timers.runDue();
    const closed = await t
      .http()
      .get(`/api/transformation/requests/${res.body.id}`)
      .set(partner.auth);
    expect(closed.body.state).toBe('closed');
    expect(await subjects(partner)).toEqual(
      expect.arrayContaining([expect.stringContaining('已关闭')]),
    );
    expect(await subjects(w.submitter)).toEqual(
      expect.arrayContaining([expect.stringContaining('已关闭')]),
    );
  });
});
