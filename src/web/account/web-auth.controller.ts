import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { DuringAccountAction, Public } from '../../access/auth.decorators';
import { AuthService } from '../../auth/auth.service';
import { loginClientOf } from '../../auth/login-client';
import { LoginDto } from '../../auth/dto/login.dto';
import {
  InvalidInputError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { formText, type FormBody } from '../shared/form-body';
import { html, sendHtml } from '../shared/layout';
import { SecondFactorLoginPage } from './views/account.page';
import { LoginPage } from './views/login.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAnonymous, WebAuthGuard, WebSessions, type WebRequest } from '../shared/web-session';

/** Only same-site paths: a `next` parameter must not send people elsewhere after login. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/tasks';
}

/** Signing in and out of the console. The session cookie holds the API's own JWT. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class WebAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessions,
  ) {}

  @WebAnonymous()
  @DuringAccountAction()
  @Get()
  home(@Req() req: WebRequest, @Res() res: Response): void {
    res.redirect(303, req.user ? '/tasks' : '/public');
  }

  @WebAnonymous()
  @DuringAccountAction()
  @Get('login')
  loginPage(
    @Req() req: WebRequest,
    @Query('next') next?: string,
    @Query('changed') changed?: string,
  ): string {
    return html(
      LoginPage({
        csrf: req.csrfToken!,
        next: safeNext(next),
        notice: changed === '1' ? '密码已修改,请使用新密码重新登录' : undefined,
      }),
    );
  }

  /** The same limiter and answers as POST /api/auth/login: one limit for both doors. */
  @WebAnonymous()
  @DuringAccountAction()
  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const username = formText(body, 'username');
    const next = safeNext(formText(body, 'next'));
    try {
      const credentials = await validateAs(LoginDto, {
        username,
        password: formText(body, 'password'),
      });
      const result = await this.auth.login(
        credentials.username,
        credentials.password,
        loginClientOf(req),
      );
      if ('challenge' in result) {
        // The password was right; the code page carries the challenge to the second step.
        const csrf = this.sessions.csrfToken(req, res);
        sendHtml(res, 200, SecondFactorLoginPage({ csrf, challenge: result.challenge, next }));
        return;
      }
      this.sessions.startSession(req, res, result.accessToken);
      res.redirect(303, next);
    } catch (err) {
      if (!(
        err instanceof UnauthenticatedError ||
        err instanceof InvalidInputError ||
        err instanceof TooManyRequestsError
      )) {
        throw err;
      }
      const message = err instanceof InvalidInputError ? '请输入用户名和密码' : err.message;
      if (err instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
      }
      sendHtml(
        res,
        err.status,
        LoginPage({ csrf: this.sessions.csrfToken(req, res), next, username, error: message }),
      );
    }
  }

  @DuringAccountAction()
  @Post('logout')
  async logout(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    await this.sessions.endSession(req, res);
    res.redirect(303, '/login');
  }
}
