import { ROLES, type UserRole } from '../../workflows/achievement.machine';

/**
 * The access policy: who may call each route. It is the documented policy (docs/access-policy.md
 * points here) and the source of two tests: test/access-matrix.e2e-spec.ts checks that every route
 * the app registers is listed here and answers anonymous callers as `access` says, and
 * test/access-policy.e2e-spec.ts sends every route as every role, to an object of the caller's own
 * organisation and to one of another organisation, and checks the rule in each cell.
 *
 * access — what an anonymous caller gets:
 * - public: answered without credentials;
 * - token: an API route, 401 without a bearer token;
 * - session: a console page or form, sent to /login (GET) or refused (POST) without a session.
 *
 * roles — for every role a user can hold:
 * - allow: the role passes the guards and the service checks (the answer may still be 400, 404
 *   for an id that does not exist, or 409, but never 401 or 403);
 * - deny: 403 (a console page answers 403 too, with the error page);
 * - own: allowed on the caller's own objects, 403 on another organisation's.
 *
 * scope — what "own" means on a route whose path names an object:
 * - organisation: an item (and its attachments, history, visit, library entry) is the caller's own
 *   when the caller's unit owns it, sits in its reporting chain (recommenders), or — for experts —
 *   when the expert sits or sat on its scoring panel (any round) or its visit team (office staff: when on the
 *   visit team, for the team's own work); an expert record is an expert's own; statistics and
 *   item exports are a city bureau recommender's own for its city (the `city` filter), and
 *   another city's answer 403. Another organisation's object answers 403, not 404: ids are random UUIDs, so
 *   the refusal reveals nothing worth hiding, and it tells a user who followed a stale link why
 *   the page is closed to them (the same 403 the workflow runner gives for a wrong role).
 * - user: a notification belongs to one user; someone else's answers 404, because the inbox is
 *   looked up by (recipient, id) and another person's notification is simply not in it.
 * A child object named under a parent it does not belong to (another unit's attachment under
 * one's own item, another entry's progress report) answers 404: it is not there.
 * Office staff and admins work province-wide, so `allow` on a scoped route means both cells.
 * Editions, reports, settings and reference data are provincial: they have no owner to scope by.
 */
export type Access = 'public' | 'token' | 'session';
export type Rule = 'allow' | 'deny' | 'own';
export type Scope = 'organisation' | 'user';
export { ROLES };

export interface RoutePolicy {
  access: Access;
  scope?: Scope;
  roles: Record<UserRole, Rule>;
}

const rolesWith = (rule: (role: UserRole) => Rule) =>
  Object.fromEntries(ROLES.map((r) => [r, rule(r)])) as Record<UserRole, Rule>;

/** Open to anyone, signed in or not. */
const open: RoutePolicy = { access: 'public', roles: rolesWith(() => 'allow') };
/** Any signed-in user, whatever the role. */
const signedIn = (access: Access): RoutePolicy => ({ access, roles: rolesWith(() => 'allow') });
/** Only the listed roles. */
const only = (access: Access, ...allowed: UserRole[]): RoutePolicy => ({
  access,
  roles: rolesWith((r) => (allowed.includes(r) ? 'allow' : 'deny')),
});
/**
 * The security and audit administrators work on accounts and logs, never on items, and a partner
 * (对接方) only on its own cooperation requests, so an object route is theirs only where it says so.
 */
type ItemRoles = Record<Exclude<UserRole, 'securityAdmin' | 'auditAdmin' | 'partner'>, Rule> &
  Partial<Record<UserRole, Rule>>;
/** An object route: explicit rule per role. */
const scoped = (access: Access, roles: ItemRoles, scope: Scope = 'organisation'): RoutePolicy => ({
  access,
  scope,
  roles: { securityAdmin: 'deny', auditAdmin: 'deny', partner: 'deny', ...roles },
});

/** Whoever can see an item: its unit, its reporting chain, its panel experts, office and admins. */
const ITEM_VIEWERS: ItemRoles = {
  submitter: 'own',
  recommender: 'own',
  expert: 'own',
  officeStaff: 'allow',
  admin: 'allow',
};
/** Only an expert of the item's panel: their draft and their recusal. */
const SEATED_EXPERT: ItemRoles = {
  submitter: 'deny',
  recommender: 'deny',
  expert: 'own',
  officeStaff: 'deny',
  admin: 'deny',
};
/** Only a submitter of the owning unit changes an item's record and files. */
const OWNING_SUBMITTER: ItemRoles = {
  submitter: 'own',
  recommender: 'deny',
  expert: 'deny',
  officeStaff: 'deny',
  admin: 'deny',
};
/** Statistics: the province for the office, a city bureau's own city for its recommenders. */
const CITY_STATISTICS: ItemRoles = {
  submitter: 'deny',
  recommender: 'own',
  expert: 'deny',
  officeStaff: 'allow',
  admin: 'allow',
};
const OFFICE = ['officeStaff', 'admin'] as const;
/**
 * The workflow audit trail is the office's working record and the audit administrator's to
 * review; not the system administrator's (三权分立). Accounts are the security administrator's,
 * the security log the audit administrator's alone.
 */
const AUDIT_READERS = ['officeStaff', 'auditAdmin'] as const;

/**
 * Cooperation requests: a partner's own, a unit's on its items (its submitters), the office all.
 * `own` for the partner and the unit is the request they are party to (scope organisation).
 */
const REQUEST_PARTIES: ItemRoles = {
  submitter: 'own',
  recommender: 'deny',
  expert: 'deny',
  officeStaff: 'allow',
  admin: 'allow',
  partner: 'own',
};

export const ACCESS_MATRIX: Record<string, RoutePolicy> = {
  // 成果转化 (src/transformation, src/web/transformation).
  'POST /api/partners/register': open,
  'GET /api/partners/me': only('token', 'partner'),
  'GET /api/partners': only('token', ...OFFICE),
  'POST /api/partners/:id/decision': only('token', 'officeStaff'),
  'GET /api/public/achievements/:id/offer': open,
  'GET /api/transformation/offers': only('token', 'submitter'),
  'PUT /api/transformation/offers/:id': scoped('token', OWNING_SUBMITTER),
  'POST /api/transformation/offers/:id/requests': only('token', 'partner'),
  'GET /api/transformation/requests': only('token', 'partner', 'submitter', ...OFFICE),
  'GET /api/transformation/requests/:id': scoped('token', REQUEST_PARTIES),
  'POST /api/transformation/requests/:id/actions': scoped('token', {
    ...REQUEST_PARTIES,
    admin: 'deny',
  }),
  'GET /partners/register': open,
  // A public console form: posted with the pre-session CSRF token (test/access-matrix.e2e-spec.ts).
  'POST /partners/register': open,
  'GET /transfer/items/:id': open,
  'POST /transfer/items/:id/requests': only('session', 'partner'),
  'GET /transfer/partners': only('session', ...OFFICE),
  'POST /transfer/partners/:id/decision': only('session', 'officeStaff'),
  'GET /transfer/offers': only('session', 'submitter'),
  'GET /transfer/offers/:id': scoped('session', OWNING_SUBMITTER),
  'POST /transfer/offers/:id': scoped('session', OWNING_SUBMITTER),
  'GET /transfer/requests': only('session', 'partner', 'submitter', ...OFFICE),
  'GET /transfer/requests/:id': scoped('session', REQUEST_PARTIES),
  'POST /transfer/requests/:id/actions': scoped('session', { ...REQUEST_PARTIES, admin: 'deny' }),
  'ALL /{*all}': open,
  'DELETE /api/achievements/:id/attachments/:attachmentId': scoped('token', OWNING_SUBMITTER),
  'GET /': open,
  'GET /achievements/:id': signedIn('session'),
  'GET /api/achievements': signedIn('token'),
  'GET /api/achievements/:id': scoped('token', ITEM_VIEWERS),
  'GET /api/achievements/:id/attachments': scoped('token', ITEM_VIEWERS),
  'GET /api/achievements/:id/attachments/:attachmentId': scoped('token', ITEM_VIEWERS),
  'GET /api/achievements/:id/history': scoped('token', ITEM_VIEWERS),
  'GET /api/admin/clock': only('token', 'admin'),
  'GET /api/audit/checkpoints/latest': only('token', ...AUDIT_READERS),
  'GET /api/audit': only('token', ...AUDIT_READERS),
  'GET /api/audit/verify': only('token', ...AUDIT_READERS),
  'GET /api/auth/me': signedIn('token'),
  // One's own account (#17): everyone's, whatever the role.
  'GET /api/auth/second-factor': signedIn('token'),
  'GET /account': signedIn('session'),
  // A user's own sessions: an id that is not the caller's answers 404 (RANDOM_ID here).
  'GET /api/auth/sessions': signedIn('token'),
  'DELETE /api/auth/sessions/:id': signedIn('token'),
  'POST /api/auth/sessions/revoke-others': signedIn('token'),
  'POST /api/auth/logout': signedIn('token'),
  'GET /api/collection/periods/:period/status': only('token', ...OFFICE),
  'GET /api/docs': open,
  'GET /api/docs-json': open,
  'GET /api/docs-yaml': open,
  'GET /api/docs/': open,
  'GET /api/docs/LICENSE': open,
  'GET /api/docs/docs/swagger-ui-init.js': open,
  'GET /api/docs/index.html': open,
  'GET /api/docs/swagger-ui-init.js': open,
  'GET /api/editions': only('token', 'officeStaff'),
  'GET /api/editions/:id': only('token', 'officeStaff'),
  'GET /api/editions/:id/ballot': only('token', 'expert'),
  'GET /api/editions/:id/document.docx': only('token', 'officeStaff'),
  'GET /api/editions/:id/document.html': only('token', 'officeStaff'),
  'GET /api/evaluation/items/:id/conflicts': only('token', ...OFFICE),
  'GET /api/evaluation/items/:id/eligibility': only('token', ...OFFICE),
  'GET /api/evaluation/items/:id/panel': only('token', ...OFFICE),
  'GET /api/evaluation/items/:id/draft': only('token', 'expert'),
  'GET /api/evaluation/my-assignments': only('token', 'expert'),
  'GET /api/evaluation/my-reviews': only('token', 'expert'),
  'GET /api/evaluation/settings': only('token', ...OFFICE),
  'GET /api/evaluation/top-journals': signedIn('token'),
  'GET /api/experts': only('token', ...OFFICE),
  'GET /api/experts/:id/record': scoped('token', {
    submitter: 'deny',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'allow',
    admin: 'allow',
  }),
  'GET /api/exports/audit': only('token', ...AUDIT_READERS),
  'GET /api/exports/expert-records': only('token', ...OFFICE),
  'GET /api/exports/items': scoped('token', CITY_STATISTICS),
  'GET /api/health': open,
  'GET /api/library': only('token', ...OFFICE, 'recommender', 'submitter'),
  'GET /api/library/:id': scoped('token', { ...ITEM_VIEWERS, expert: 'deny' }),
  'GET /api/notifications': signedIn('token'),
  'GET /api/organizations': signedIn('token'),
  'GET /api/public/achievements': open,
  'GET /api/public/achievements/:id': open,
  'GET /api/public/editions': open,
  'GET /api/public/editions/:id': open,
  'GET /api/public/editions/:id/document.docx': open,
  'GET /api/public/editions/:id/document.html': open,
  'GET /api/reference/cities': signedIn('token'),
  'GET /api/reference/domains': signedIn('token'),
  'GET /api/reference/labels': signedIn('token'),
  'GET /api/settings/documents': only('token', ...OFFICE),
  'GET /api/settings/rubric': signedIn('token'),
  'GET /api/settings/releases': signedIn('token'),
  'GET /api/settings/scoring': signedIn('token'),
  'GET /api/stats/discipline': scoped('token', CITY_STATISTICS),
  'GET /api/stats/funnel': scoped('token', CITY_STATISTICS),
  'GET /api/stats/process': scoped('token', CITY_STATISTICS),
  'GET /api/stats/ranking': only('token', ...OFFICE),
  'GET /api/stats/reports': only('token', ...OFFICE),
  'GET /api/stats/reports/:id': only('token', ...OFFICE),
  'GET /api/stats/reports/:id/report.docx': only('token', ...OFFICE),
  'GET /api/stats/reports/:id/report.html': only('token', ...OFFICE),
  'GET /api/stats/settings': only('token', ...OFFICE),
  'GET /api/stats/targets': scoped('token', CITY_STATISTICS),
  'GET /api/stats/trend': scoped('token', CITY_STATISTICS),
  'GET /api/security-log': only('token', 'auditAdmin'),
  'GET /api/security-log/export': only('token', 'auditAdmin'),
  'GET /api/security-log/verify': only('token', 'auditAdmin'),
  'GET /api/users': only('token', 'securityAdmin'),
  'GET /api/users/:id': only('token', 'securityAdmin'),
  'GET /api/verification/items/:id': scoped('token', {
    submitter: 'own',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'allow',
    admin: 'allow',
  }),
  'GET /api/workflows/achievement': signedIn('token'),
  'GET /assets/app.css': open,
  'GET /assets/app.js': open,
  'GET /assets/favicon.svg': open,
  'GET /assets/htmx.min.js': open,
  'GET /assets/scoring.js': open,
  'GET /assets/edition.css': open,
  'GET /audit/checkpoint': only('session', ...AUDIT_READERS),
  'GET /audit': only('session', ...AUDIT_READERS),
  'GET /audit/': only('session', ...AUDIT_READERS),
  'GET /audit/export': only('session', ...AUDIT_READERS),
  'GET /admin/users': only('session', 'securityAdmin'),
  'GET /admin/users/': only('session', 'securityAdmin'),
  'POST /admin/users': only('session', 'securityAdmin'),
  'POST /admin/users/': only('session', 'securityAdmin'),
  'POST /admin/users/:id/deactivate': only('session', 'securityAdmin'),
  'POST /admin/users/:id/reactivate': only('session', 'securityAdmin'),
  'POST /admin/users/:id/roles': only('session', 'securityAdmin'),
  'POST /admin/users/:id/password-reset': only('session', 'securityAdmin'),
  'POST /admin/users/:id/second-factor-reset': only('session', 'securityAdmin'),
  'GET /security-log': only('session', 'auditAdmin'),
  'GET /security-log/': only('session', 'auditAdmin'),
  'GET /security-log/export': only('session', 'auditAdmin'),
  'GET /collection': only('session', ...OFFICE),
  'GET /collection/periods/:period': signedIn('session'),
  'GET /editions': only('session', 'officeStaff'),
  'GET /editions/': only('session', 'officeStaff'),
  'GET /editions/:id': only('session', 'officeStaff'),
  'GET /editions/:id/document.:format': only('session', 'officeStaff'),
  'GET /editions/:id/preview': only('session', 'officeStaff'),
  'GET /inbox': signedIn('session'),
  'GET /inbox/:id/open': signedIn('session'),
  'GET /items': signedIn('session'),
  'GET /items/:id': scoped('session', ITEM_VIEWERS),
  'GET /items/:id/attachments/:attachmentId': scoped('session', ITEM_VIEWERS),
  'GET /items/:id/diagram': scoped('session', ITEM_VIEWERS),
  'GET /items/:id/edit': scoped('session', OWNING_SUBMITTER),
  'GET /items/:id/print': scoped('session', ITEM_VIEWERS),
  'GET /items/:id/recuse': scoped('session', SEATED_EXPERT),
  'GET /reviews/mine': only('session', 'expert'),
  'GET /items/new': only('session', 'submitter'),
  'GET /login': open,
  'GET /public': open,
  'GET /public/': open,
  'GET /public/:id': open,
  'GET /public/editions': open,
  'GET /public/editions/:id': open,
  'GET /public/editions/:id/document.:format': open,
  'GET /stats': scoped('session', CITY_STATISTICS),
  'GET /stats/': scoped('session', CITY_STATISTICS),
  'GET /stats/export/items': scoped('session', CITY_STATISTICS),
  'GET /stats/reports/:id/report.docx': only('session', ...OFFICE),
  'GET /stats/reports/:id/report.html': only('session', ...OFFICE),
  'GET /tasks': signedIn('session'),
  'PATCH /api/achievements/:id': scoped('token', OWNING_SUBMITTER),
  'PATCH /api/editions/:id': only('token', 'officeStaff'),
  'PATCH /api/evaluation/top-journals/:id': only('token', 'admin'),
  'PATCH /api/reference/domains/:key': only('token', 'admin'),
  'PATCH /api/reference/labels/:kind/:key': only('token', 'admin'),
  'POST /api/achievements': only('token', 'submitter'),
  'POST /api/achievements/:id/attachments': scoped('token', OWNING_SUBMITTER),
  'POST /api/achievements/:id/events': scoped('token', ITEM_VIEWERS),
  'POST /api/admin/clock': only('token', 'admin'),
  'POST /api/auth/login': open,
  'POST /api/auth/login/second-factor': open,
  'POST /api/auth/password': signedIn('token'),
  'POST /api/auth/second-factor/enrolment': signedIn('token'),
  'POST /api/auth/second-factor/enrolment/confirm': signedIn('token'),
  'POST /api/auth/second-factor/reenrolment': signedIn('token'),
  'POST /api/auth/second-factor/reenrolment/confirm': signedIn('token'),
  'POST /api/auth/second-factor/disable': signedIn('token'),
  'POST /account/password': signedIn('session'),
  'POST /account/second-factor': signedIn('session'),
  'POST /account/second-factor/confirm': signedIn('session'),
  'POST /account/second-factor/reenrol': signedIn('session'),
  'POST /account/second-factor/reenrol/confirm': signedIn('session'),
  'POST /account/second-factor/disable': signedIn('session'),
  'POST /login/second-factor': open,
  'POST /api/collection/periods/:period/close': only('token', 'officeStaff'),
  'POST /api/collection/periods/:period/nil-report': only('token', 'recommender'),
  'POST /api/collection/periods/:period/reopen': only('token', 'officeStaff'),
  'POST /api/editions': only('token', 'officeStaff'),
  'POST /api/editions/:id/corrections': only('token', 'officeStaff'),
  'POST /api/editions/:id/issue': only('token', 'officeStaff'),
  'POST /api/editions/:id/return': only('token', 'officeStaff'),
  'POST /api/editions/:id/submit': only('token', 'officeStaff'),
  'POST /api/editions/:id/vote/close': only('token', 'officeStaff'),
  'POST /api/editions/:id/vote/open': only('token', 'officeStaff'),
  'POST /api/evaluation/eligibility/pass': only('token', 'officeStaff'),
  'POST /api/evaluation/items/:id/conflicts/:expertId': only('token', 'officeStaff'),
  'POST /api/evaluation/items/:id/panel/fill': only('token', 'officeStaff'),
  'POST /api/evaluation/top-journals': only('token', 'admin'),
  'POST /api/experts/:id/flags': only('token', 'officeStaff'),
  'POST /api/library/:id/evaluations': only('token', 'officeStaff'),
  'POST /api/library/:id/progress': scoped('token', OWNING_SUBMITTER),
  'POST /api/library/:id/progress/:progressId/decision': only('token', 'officeStaff'),
  'POST /api/notifications/:id/read': scoped(
    'token',
    rolesWith(() => 'own'),
    'user',
  ),
  'POST /api/notifications/read-all': signedIn('token'),
  'POST /api/organizations': only('token', 'admin'),
  'POST /api/reference/domains': only('token', 'admin'),
  'POST /api/stats/reports': only('token', 'officeStaff'),
  'POST /api/stats/reports/:id/issue': only('token', 'officeStaff'),
  'POST /api/stats/reports/:id/refresh': only('token', 'officeStaff'),
  // Retargeted to the security administrator when that role arrives (三权分立).
  'POST /api/users/:id/password-reset': only('token', 'securityAdmin'),
  'POST /api/users/:id/second-factor-reset': only('token', 'securityAdmin'),
  'PATCH /api/users/:id': only('token', 'securityAdmin'),
  'POST /api/users': only('token', 'securityAdmin'),
  'POST /api/users/:id/deactivate': only('token', 'securityAdmin'),
  'POST /api/users/:id/reactivate': only('token', 'securityAdmin'),
  // Findings and photos are the visit team's: its experts and the office staff on it.
  'POST /api/verification/items/:id/findings': scoped('token', {
    submitter: 'deny',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'own',
    admin: 'deny',
  }),
  'POST /api/verification/items/:id/photos': scoped('token', {
    submitter: 'deny',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'own',
    admin: 'deny',
  }),
  'POST /collection/:period/close': only('session', 'officeStaff'),
  'POST /collection/:period/nil-report': only('session', 'recommender'),
  'POST /editions': only('session', 'officeStaff'),
  'POST /editions/': only('session', 'officeStaff'),
  'POST /editions/:id/:step': only('session', 'officeStaff'),
  'POST /editions/:id/blurbs': only('session', 'officeStaff'),
  'POST /editions/:id/distribution': only('session', 'officeStaff'),
  'POST /editions/:id/event': only('session', 'officeStaff'),
  'POST /editions/:id/items': only('session', 'officeStaff'),
  'POST /editions/:id/vote/:step': only('session', 'officeStaff'),
  'POST /inbox/:id/read': scoped(
    'session',
    rolesWith(() => 'own'),
    'user',
  ),
  'POST /inbox/read-all': signedIn('session'),
  'POST /items': only('session', 'submitter'),
  'POST /items/:id/attachments': scoped('session', OWNING_SUBMITTER),
  'POST /items/:id/attachments/:attachmentId/delete': scoped('session', OWNING_SUBMITTER),
  'POST /items/:id/copy': scoped('session', OWNING_SUBMITTER),
  'POST /items/:id/edit': scoped('session', OWNING_SUBMITTER),
  'POST /items/:id/draft': scoped('session', SEATED_EXPERT),
  'POST /items/:id/events': scoped('session', ITEM_VIEWERS),
  'POST /items/:id/recuse': scoped('session', SEATED_EXPERT),
  'POST /login': open,
  'POST /logout': signedIn('session'),
  'GET /account/sessions': signedIn('session'),
  'POST /account/sessions/revoke-others': signedIn('session'),
  'POST /account/sessions/:id/revoke': signedIn('session'),
  'PUT /api/editions/:id/ballot': only('token', 'expert'),
  'PUT /api/editions/:id/items': only('token', 'officeStaff'),
  'PUT /api/evaluation/settings': only('token', 'admin'),
  'PUT /api/experts/:id/profile': only('token', ...OFFICE),
  'PUT /api/library/:id/flags': only('token', 'officeStaff'),
  'PUT /api/evaluation/items/:id/draft': only('token', 'expert'),
  'PUT /api/settings/documents': only('token', ...OFFICE),
  'PUT /api/settings/rubric': only('token', 'admin'),
  'PUT /api/settings/releases': only('token', 'admin'),
  'PUT /api/settings/scoring': only('token', 'admin'),
  'PUT /api/stats/settings': only('token', 'admin'),
  'PUT /api/verification/items/:id/schedule': only('token', 'officeStaff'),
  'PUT /api/verification/items/:id/team': only('token', 'officeStaff'),
  'GET /library': only('session', ...OFFICE, 'recommender', 'submitter'),
  'GET /library/': only('session', ...OFFICE, 'recommender', 'submitter'),
  'GET /library/:id': scoped('session', { ...ITEM_VIEWERS, expert: 'deny' }),
  'GET /recommend': only('session', 'recommender'),
  'GET /recommend/': only('session', 'recommender'),
  'GET /review': only('session', ...OFFICE),
  'GET /review/': only('session', ...OFFICE),
  'GET /verification/:id': scoped('session', {
    submitter: 'own',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'allow',
    admin: 'allow',
  }),
  'POST /library/:id/evaluations': only('session', 'officeStaff'),
  'POST /library/:id/flags': only('session', 'officeStaff'),
  'POST /library/:id/progress': scoped('session', OWNING_SUBMITTER),
  'POST /library/:id/progress/:progressId/decision': only('session', 'officeStaff'),
  'POST /review/:id/conflicts/:expertId': only('session', 'officeStaff'),
  'POST /recommend': only('session', 'recommender'),
  'POST /recommend/': only('session', 'recommender'),
  'POST /review/:id/fill': only('session', 'officeStaff'),
  'POST /review/:id/panel': only('session', 'officeStaff'),
  'POST /review/eligibility': only('session', 'officeStaff'),
  'POST /stats/reports': only('session', 'officeStaff'),
  'POST /stats/reports/:id/:step': only('session', 'officeStaff'),
  'POST /verification/:id/findings': scoped('session', {
    submitter: 'deny',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'own',
    admin: 'deny',
  }),
  'POST /verification/:id/photos': scoped('session', {
    submitter: 'deny',
    recommender: 'deny',
    expert: 'own',
    officeStaff: 'own',
    admin: 'deny',
  }),
  'POST /verification/:id/schedule': only('session', 'officeStaff'),
  'POST /verification/:id/team': only('session', 'officeStaff'),
};
