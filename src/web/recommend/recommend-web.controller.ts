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
import { Public } from '../../access/auth.decorators';
import { InvalidInputError, type FieldErrors } from '../../common/domain-errors';
import { formText, type FormBody } from '../shared/form-body';
import { sendHtml } from '../shared/layout';
import { RecommendPage } from './views/recommend.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';
import { BULK_ACTIONS, RecommendBulkService, type BulkAction } from './recommend-bulk.service';
import { type BulkOutcome } from './recommend.view-model';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The recommender's 批量推荐 page: tick several items awaiting this body and recommend or return
 * them in one step; the answer is a summary of what went through and what did not, and why.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('recommend')
export class RecommendWebController {
  constructor(private readonly bulk: RecommendBulkService) {}

  @WebRoles('recommender')
  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    await this.render(req, res, 200, { cursor: typeof cursor === 'string' ? cursor : undefined });
  }

  @WebRoles('recommender')
  @Post()
  async act(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    const action = formText(body, 'action');
    const reason = formText(body, 'reason').trim();
    try {
      if (!(action in BULK_ACTIONS)) throw InvalidInputError.field('action', '请选择推荐或退回');
      if (ids.some((id) => !UUID.test(id))) throw InvalidInputError.field('ids', '必须是有效的 ID');
      const items = [...new Set(ids)].map((id) => {
        const v = Number(formText(body, `version:${id}`));
        return { id, version: Number.isInteger(v) && v > 0 ? v : undefined };
      });
      const outcomes = await this.bulk.run(req.user!, action as BulkAction, items, reason);
      await this.render(req, res, 200, { outcomes, action: action as BulkAction });
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      await this.render(req, res, 400, { errors: err.errors, reason });
    }
  }

  private async render(
    req: WebRequest,
    res: Response,
    status: number,
    extra: {
      cursor?: string;
      outcomes?: BulkOutcome[];
      action?: BulkAction;
      errors?: FieldErrors;
      reason?: string;
    },
  ) {
    const user = req.user!;
    const [waiting, decisions] = await Promise.all([
      this.bulk.waiting(user, extra.cursor),
      this.bulk.decisionsThisPeriod(user),
    ]);
    sendHtml(
      res,
      status,
      RecommendPage({
        user,
        csrf: req.csrfToken!,
        waiting: waiting.items,
        nextCursor: waiting.nextCursor,
        decisions,
        outcomes: extra.outcomes,
        action: extra.action,
        errors: extra.errors ?? {},
        reason: extra.reason ?? '',
      }),
    );
  }
}
