import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Request, Response } from 'express';
import { DomainError, TooManyRequestsError } from './domain-errors';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * The one place where errors become HTTP responses, so every endpoint answers in one shape. A
 * refusal (403) is first handed to `onForbidden` (the security log, see configure-app.ts).
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly onForbidden?: (req: Request) => Promise<void>) {}

  catch(exception: unknown, host: ArgumentsHost): void | Promise<void> {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : exception);
    if (exception instanceof TooManyRequestsError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const send = () => {
      if (response.headersSent) return;
      response
        .status(status)
        .json({ statusCode: status, error: STATUS_TEXT[status] ?? '', ...body });
    };
    if (status !== 403 || !this.onForbidden) return send();
    return this.onForbidden(host.switchToHttp().getRequest<Request>())
      .catch((err: unknown) => this.logger.error(`安全日志写入失败:${String(err)}`))
      .then(send);
  }

  private toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        body: { message: exception.message, ...exception.details },
      };
    }
    if (exception instanceof UniqueConstraintViolationException) {
      return { status: HttpStatus.CONFLICT, body: { message: '记录已存在或已被他人同时修改' } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message =
        typeof raw === 'string'
          ? raw
          : ((raw as { message?: unknown }).message ?? exception.message);
      return { status, body: { message: localise(status, message) } };
    }
    const parser = bodyParserError(exception);
    if (parser) return parser;
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { message: '服务器内部错误' } };
  }
}

/**
 * Errors raised by the JSON/urlencoded parsers before any route runs (`type: 'entity.…'`, a 4xx
 * status): the client's fault, so a 4xx in one shape, never a 500.
 */
function bodyParserError(
  exception: unknown,
): { status: number; body: Record<string, unknown> } | null {
  if (!(exception instanceof Error)) return null;
  const { type, status } = exception as Error & { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || !type.startsWith('entity.')) return null;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (status === 413) return { status, body: { message: '提交的内容过大' } };
  return { status: 400, body: { message: '请求体不是有效的 JSON 或表单' } };
}

/** Framework-raised errors (unknown route, oversized body, throttling) get a Chinese message. */
function localise(status: number, message: unknown): unknown {
  switch (status) {
    case 404:
      return '请求的资源不存在';
    case 413:
      return '提交的内容过大';
    case 429:
      return '请求过于频繁,请稍后再试';
    default:
      return message;
  }
}
