import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { DuringAccountAction, DuringPasswordChange, Public } from '../../access/auth.decorators';
import { AuthService } from '../../auth/auth.service';
import { loginClientOf } from '../../auth/login-client';
import { SecondFactorService } from '../../auth/second-factor.service';
import { clientIpOf } from '../../common/client-ip';
import { InvalidInputError, UnauthenticatedError } from '../../common/domain-errors';
import { PasswordService } from '../../auth/password.service';
import { formText, type FormBody } from '../shared/form-body';
import { AccountPage, SecondFactorLoginPage } from './views/account.page';
import { html, sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAnonymous, WebAuthGuard, WebSessions, type WebRequest } from '../shared/web-session';

/** What a step adds to the account page when it comes again. */
type AccountExtra = Partial<Parameters<typeof AccountPage>[0]>;

/** A refused input's messages on one line, as the code fields show them. */
const messagesOf = (err: InvalidInputError) => Object.values(err.errors).flat().join(';');

/** Only same-site paths after login (the same rule as the password step's). */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/tasks';
}

/**
 * 账号安全 (/account): one's password and second factor; and the login's second step. While a
 * password change or an enrolment is pending, the console sends every other page here.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class AccountWebController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessions,
    private readonly passwords: PasswordService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @DuringAccountAction()
  @Get('account')
  async page(@Req() req: WebRequest): Promise<string> {
    return html(await this.render(req));
  }

  @DuringPasswordChange()
  @Post('account/password')
  async changePassword(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() sent: FormBody | undefined,
  ): Promise<void> {
    const body = sent ?? {};
    const user = req.user!;
    const currentPassword = formText(body, 'currentPassword') ?? '';
    const newPassword = formText(body, 'newPassword') ?? '';
    const changed = await this.orAgain(
      req,
      res,
      async () => {
        if (newPassword !== (formText(body, 'confirmPassword') ?? '')) {
          throw InvalidInputError.field('confirmPassword', '两次输入的新密码不一致');
        }
        if (!currentPassword) throw InvalidInputError.field('currentPassword', '不能为空');
        if (newPassword.length > 200)
          throw InvalidInputError.field('newPassword', '长度不能超过200个字符');
        await this.passwords.change(user.id, currentPassword, newPassword, clientIpOf(req));
      },
      (err) => ({ passwordErrors: err.errors }),
    );
    if (!changed) return;
    // A changed password ends every session, this one too: sign in again with the new one.
    await this.sessions.endSession(req, res);
    res.redirect(303, '/login?changed=1');
  }

  @DuringAccountAction('enrolSecondFactor')
  @Post('account/second-factor')
  async startEnrolment(@Req() req: WebRequest): Promise<string> {
    const enrolment = await this.secondFactor.startEnrolment(req.user!);
    return html(await this.render(req, { enrolment }));
  }

  @DuringAccountAction('enrolSecondFactor')
  @Post('account/second-factor/confirm')
  async confirmEnrolment(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() sent: FormBody | undefined,
  ): Promise<void> {
    const body = sent ?? {};
    await this.orAgain(
      req,
      res,
      async () => {
        const { recoveryCodes } = await this.secondFactor.confirmEnrolment(
          req.user!,
          formText(body, 'code') ?? '',
          clientIpOf(req),
        );
        // The gate was read before enrolment; the page after it no longer holds the user back.
        const user = { ...req.user!, accountAction: undefined };
        sendHtml(res, 200, await this.render({ ...req, user } as WebRequest, { recoveryCodes }));
      },
      // The secret stays pending: show it again with the message.
      async (err) => ({
        enrolment: (await this.secondFactor.pendingEnrolment(req.user!)) ?? undefined,
        codeError: messagesOf(err),
      }),
    );
  }

  /** A new phone: a new secret, the old one working until the new one's first code. */
  @Post('account/second-factor/reenrol')
  @HttpCode(200)
  async startReenrolment(@Req() req: WebRequest): Promise<string> {
    const reenrolment = await this.secondFactor.startReenrolment(req.user!);
    return html(await this.render(req, { reenrolment }));
  }

  @Post('account/second-factor/reenrol/confirm')
  async confirmReenrolment(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() sent: FormBody | undefined,
  ): Promise<void> {
    const body = sent ?? {};
    const pending = (formText(body, 'pending') ?? '').slice(0, 1000);
    await this.orAgain(
      req,
      res,
      async () => {
        const { recoveryCodes } = await this.secondFactor.confirmReenrolment(
          req.user!,
          pending,
          (formText(body, 'code') ?? '').slice(0, 20),
          clientIpOf(req),
        );
        sendHtml(
          res,
          200,
          await this.render(req, {
            recoveryCodes,
            notice: '已更换身份验证器,原来的身份验证器和恢复码已失效。',
          }),
        );
      },
      (err) => ({
        reenrolment: this.secondFactor.reenrolmentAgain(req.user!, pending) ?? undefined,
        codeError: messagesOf(err),
      }),
    );
  }

  /** Off, with a current code; only where the role does not require a second factor. */
  @Post('account/second-factor/disable')
  async disableSecondFactor(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() sent: FormBody | undefined,
  ): Promise<void> {
    const body = sent ?? {};
    const disabled = await this.orAgain(
      req,
      res,
      () =>
        this.secondFactor.disable(
          req.user!,
          (formText(body, 'code') ?? '').slice(0, 20),
          clientIpOf(req),
        ),
      (err) => ({ disableError: messagesOf(err) }),
    );
    if (!disabled) return;
    sendHtml(res, 200, await this.render(req, { notice: '已关闭双因素认证。' }));
  }

  @WebAnonymous()
  @DuringAccountAction()
  @UseGuards(ThrottlerGuard)
  @Post('login/second-factor')
  async loginSecondFactor(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Body() sent: FormBody | undefined,
  ): Promise<void> {
    const body = sent ?? {};
    const challenge = formText(body, 'challenge') ?? '';
    const next = safeNext(formText(body, 'next'));
    const csrf = () => this.sessions.csrfToken(req, res);
    // The code page comes only as the answer to the password step.
    if (!challenge) return res.redirect(303, `/login?next=${encodeURIComponent(next)}`);
    if (!formText(body, 'code')) {
      const page = SecondFactorLoginPage({ csrf: csrf(), challenge, next, error: '请输入验证码' });
      return sendHtml(res, 400, page);
    }
    try {
      const client = loginClientOf(req);
      const userId = await this.secondFactor.complete(
        challenge,
        (formText(body, 'code') ?? '').slice(0, 20),
        client.ip,
      );
      const { accessToken } = await this.auth.startSessionAfterSecondFactor(userId, client);
      this.sessions.startSession(req, res, accessToken);
      res.redirect(303, next);
    } catch (err) {
      if (!(err instanceof UnauthenticatedError)) throw err;
      sendHtml(
        res,
        401,
        SecondFactorLoginPage({
          csrf: csrf(),
          challenge,
          next,
          error: err.message,
        }),
      );
    }
  }

  /**
   * Runs a form step of the account page; when the input is refused, the page comes again with
   * 400 and what `again` adds (the messages, and the pending secret where there is one). True when
   * the step went through.
   */
  private async orAgain(
    req: WebRequest,
    res: Response,
    step: () => Promise<unknown>,
    again: (err: InvalidInputError) => AccountExtra | Promise<AccountExtra>,
  ): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      sendHtml(res, 400, await this.render(req, await again(err)));
      return false;
    }
  }

  private async render(req: WebRequest, extra: AccountExtra = {}): Promise<JSX.Element> {
    const user = req.user!;
    return AccountPage({
      user,
      csrf: req.csrfToken!,
      action: user.accountAction,
      secondFactor: await this.secondFactor.status(user),
      ...extra,
    });
  }
}
