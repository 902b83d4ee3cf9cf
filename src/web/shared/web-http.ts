import { ParseUUIDPipe } from '@nestjs/common';
import type { Response } from 'express';
import { NotFoundError } from '../../common/domain-errors';
import type { WebRequest } from './web-session';

/** A route id that is not a UUID is a page that does not exist: 404 with what was asked for. */
export const uuid = (what: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError(`${what}不存在`) });

export const isHtmx = (req: WebRequest) => req.headers['hx-request'] === 'true';

/** Answers a successful form post: htmx follows HX-Redirect, a plain form a 303. */
export function done(req: WebRequest, res: Response, to: string): void {
  if (isHtmx(req)) {
    res.setHeader('HX-Redirect', to);
    res.status(200).type('html').send('<p class="notice">已完成</p>');
  } else {
    res.redirect(303, to);
  }
}
