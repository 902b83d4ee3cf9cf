import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Response } from 'express';
import { DomainError, InvalidInputError } from '../../common/domain-errors';
import { accessDeniedRecorder } from '../../security-log/access-denied';
import { SecurityLogService } from '../../security-log/security-log.service';
import { ErrorFragment, ErrorPage, html } from './layout';
import { AccountActionRequiredError, LoginRequiredError, type WebRequest } from './web-session';

/**
 * The console answers in HTML: a sign-in redirect when there is no session, an error page (or, for
 * htmx, a fragment for the action's result area) with the domain error's Chinese message and status.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');
  private readonly recordRefusal: (req: WebRequest) => Promise<void>;

  constructor(securityLog: SecurityLogService) {
    this.recordRefusal = accessDeniedRecorder(securityLog);
  }

  catch(exception: unknown, host: ArgumentsHost): void | Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof LoginRequiredError) {
      if (req.headers['hx-request']) {
        res.status(401).setHeader('HX-Redirect', '/login');
        res.end();
        return;
      }
      res.redirect(303, `/login?next=${encodeURIComponent(exception.next)}`);
      return;
    }
    if (exception instanceof AccountActionRequiredError) {
      if (req.headers['hx-request']) {
        res.status(403).setHeader('HX-Redirect', '/account');
        res.end();
        return;
      }
      res.redirect(303, '/account');
      return;
    }
    const { status, message, fields } = describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : exception);
    if (status === 403) {
      // A refusal goes to the security log before the answer.
      return this.recordRefusal(req)
        .catch((err: unknown) => this.logger.error(`安全日志写入失败:${String(err)}`))
        .then(() => this.answer(req, res, status, message, fields));
    }
    this.answer(req, res, status, message, fields);
  }

  private answer(
    req: WebRequest,
    res: Response,
    status: number,
    message: string,
    fields: string[] | undefined,
  ): void {
    if (res.headersSent) return;
    res.status(status).type('html');
    if (req.headers['hx-request']) {
      res.send(html(ErrorFragment({ status, message, fields })));
    } else {
      res.send(html(ErrorPage({ status, message, fields, user: req.user, csrf: req.csrfToken })));
    }
  }
}

function describe(exception: unknown): { status: number; message: string; fields?: string[] } {
  if (exception instanceof InvalidInputError) {
    return {
      status: 400,
      message: exception.message,
      fields: Object.values(exception.errors).flat(),
    };
  }
  if (exception instanceof DomainError)
    return { status: exception.status, message: exception.message };
  if (exception instanceof UniqueConstraintViolationException) {
    return { status: 409, message: '记录已存在或已被他人同时修改' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const message =
      status === 404
        ? '请求的页面不存在'
        : status === 413
          ? '提交的内容过大'
          : status === 429
            ? '请求过于频繁,请稍后再试'
            : '请求有误';
    return { status, message };
  }
  return { status: 500, message: '服务器内部错误' };
}
