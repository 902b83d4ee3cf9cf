import {
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UserRole } from '../../../workflows/achievement.machine';
import { ACCOUNT_ACTION_ROUTE } from '../../access/auth.decorators';
import type { AccountAction, AuthUser } from '../../access/auth-user';
import { resolveJwtSecret } from '../../auth/jwt-secret';
import { loginClientOf } from '../../auth/login-client';
import { SessionsService } from '../../auth/sessions.service';
import { ForbiddenError } from '../../common/domain-errors';
import { ACCOUNT_ACTION_MESSAGES } from '../../users/account-gate';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { NotificationsService } from '../../notifications/notifications.service';

/** The httpOnly cookie holding the same JWT the API hands out as a bearer token. */
export const SESSION_COOKIE = 'cg_session';
/** A random value set before login, so that the login form itself carries a CSRF token. */
export const PRE_SESSION_COOKIE = 'cg_pre';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type WebRequest = Request & { user?: ConsoleUser; csrfToken?: string; sessionId?: string };

/**
 * The signed-in user of a console page, with the unread count the header shows on 通知: one
 * COUNT on the (recipient, read_at) index, read by the guard for full pages only (not for htmx
 * fragments, which have no header).
 */
export type ConsoleUser = AuthUser & { unreadNotifications?: number };

/** Roles that may open a console page; the services still check everything they check for the API. */
export const WEB_ROLES = 'webRoles';
export const WebRoles = (...roles: UserRole[]) => SetMetadata(WEB_ROLES, roles);
/** Marks a route that works signed in or not (the console's login page). */
export const WEB_ANONYMOUS = 'webAnonymous';
export const WebAnonymous = () => SetMetadata(WEB_ANONYMOUS, true);
/** Marks the upload route: its multipart body is parsed after the guards, so the handler checks CSRF. */
export const CSRF_IN_MULTIPART = 'csrfInMultipart';
export const CsrfInMultipart = () => SetMetadata(CSRF_IN_MULTIPART, true);

/** Thrown when a page waits for an account action (a password change, an enrolment): to /account. */
export class AccountActionRequiredError extends Error {
  constructor(readonly action: AccountAction) {
    super(ACCOUNT_ACTION_MESSAGES[action]);
  }
}

/** Thrown when a console page needs a signed-in user; the web filter turns it into a redirect. */
export class LoginRequiredError extends Error {
  constructor(readonly next: string) {
    super('请先登录');
  }
}

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Secure when the request came over HTTPS, directly or through a proxy that says so. */
export function isHttps(req: Request): boolean {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  return req.secure || forwarded === 'https';
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: isHttps(req), path: '/' };
}

/**
 * Session cookies and CSRF tokens. The CSRF token is bound to the session: an HMAC of the session
 * token under the server secret, so it needs no storage, changes with every login and cannot be
 * computed by a page that cannot read the httpOnly cookie.
 */
@Injectable()
export class WebSessions {
  private readonly secret: string;

  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = resolveJwtSecret(config.jwtSecret, config.dataDir);
  }

  /** The user and session of the cookie: the same checks as a bearer token on the API. */
  async userOf(req: Request): Promise<{ user: AuthUser; sessionId: string } | null> {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) return null;
    const auth = await this.sessions.authenticate(token);
    return auth.ok ? { user: auth.user, sessionId: auth.sessionId } : null;
  }

  startSession(req: Request, res: Response, accessToken: string): void {
    res.cookie(SESSION_COOKIE, accessToken, cookieOptions(req));
    res.clearCookie(PRE_SESSION_COOKIE, cookieOptions(req));
  }

  /** Ends the server-side session (its token stops working everywhere) and clears the cookie. */
  async endSession(req: WebRequest, res: Response): Promise<void> {
    if (req.user && req.sessionId) {
      await this.sessions.logout(req.user, req.sessionId, loginClientOf(req).ip);
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
  }

  /** The token forms of this request must carry; sets the pre-session cookie when there is none. */
  csrfToken(req: Request, res: Response): string {
    const session = readCookie(req, SESSION_COOKIE);
    if (session) return this.sign('session', session);
    let pre = readCookie(req, PRE_SESSION_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
      pre = randomBytes(32).toString('base64url');
      res.cookie(PRE_SESSION_COOKIE, pre, cookieOptions(req));
    }
    return this.sign('pre', pre);
  }

  /** True when the request carries the token bound to its session (or pre-session) cookie. */
  checkCsrf(req: Request, sent: string | undefined): boolean {
    if (!sent) return false;
    const session = readCookie(req, SESSION_COOKIE);
    const pre = readCookie(req, PRE_SESSION_COOKIE);
    const expected = session ? this.sign('session', session) : pre ? this.sign('pre', pre) : null;
    if (!expected) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private sign(kind: string, value: string): string {
    return createHmac('sha256', this.secret).update(`csrf\0${kind}\0${value}`).digest('base64url');
  }
}

/**
 * The console's guard: resolves the user from the session cookie, checks the page's roles, and on
 * every state-changing request checks the CSRF token (form field or X-CSRF-Token header). The
 * upload route (@CsrfInMultipart) checks it itself once multer has parsed the multipart body.
 */
@Injectable()
export class WebAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: WebSessions,
    private readonly notifications: NotificationsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const targets = [context.getHandler(), context.getClass()];
    const anonymous = this.reflector.getAllAndOverride<boolean>(WEB_ANONYMOUS, targets);
    const session = await this.sessions.userOf(req);
    const user = session?.user ?? null;
    if (session) {
      req.user = session.user;
      req.sessionId = session.sessionId;
    }
    if (!user && !anonymous)
      throw new LoginRequiredError(req.method === 'GET' ? req.originalUrl : '/');
    assertNoAccountAction(this.reflector, context, user);
    const deferred =
      isMultipart(req) && this.reflector.get<boolean>(CSRF_IN_MULTIPART, context.getHandler());
    if (req.method !== 'GET' && req.method !== 'HEAD' && !deferred) {
      assertCsrf(this.sessions, req);
    }
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(WEB_ROLES, targets);
    if (roles?.length && !(user && user.roles.some((r) => roles.includes(r)))) {
      throw new ForbiddenError('您的角色无权访问该页面');
    }
    req.csrfToken = this.sessions.csrfToken(req, res);
    if (user && req.method === 'GET' && req.headers['hx-request'] !== 'true') {
      req.user!.unreadNotifications = await this.notifications.unreadCount(user.id);
    }
    return true;
  }
}

/**
 * While the user must change the password or enrol a second factor, every page but those marked
 * @DuringAccountAction sends them to /account (a form post is refused with the same message).
 */
function assertNoAccountAction(
  reflector: Reflector,
  context: ExecutionContext,
  user: AuthUser | null,
): void {
  const action = user?.accountAction;
  if (!action) return;
  const allowed = reflector.getAllAndOverride<AccountAction[] | undefined>(ACCOUNT_ACTION_ROUTE, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (allowed?.includes(action)) return;
  if (context.switchToHttp().getRequest<Request>().method === 'GET') {
    throw new AccountActionRequiredError(action);
  }
  throw new ForbiddenError(ACCOUNT_ACTION_MESSAGES[action]);
}

function isMultipart(req: Request): boolean {
  return String(req.headers['content-type'] ?? '').startsWith('multipart/form-data');
}

export function assertCsrf(sessions: WebSessions, req: Request): void {
  const body = req.body as Record<string, unknown> | undefined;
  const sent =
    (typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined) ??
    (req.headers[CSRF_HEADER] as string | undefined);
  if (!sessions.checkCsrf(req, sent)) {
    throw new ForbiddenError('表单已失效或来源不明(CSRF 校验失败),请刷新页面后重试');
  }
}
