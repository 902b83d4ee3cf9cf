import {
  Body,
  Controller,
  Get,
  Header,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AchievementView } from '../../achievements/achievement.view';
import { AchievementsService } from '../../achievements/achievements.service';
import { SendEventDto } from '../../achievements/dto/send-event.dto';
import { Public } from '../../access/auth.decorators';
import type { AuthUser } from '../../access/auth-user';
import { ConflictError, InvalidInputError, type FieldErrors } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { ExpertReviewsService } from '../../evaluation/expert-reviews.service';
import { criterionCommentsFromForm, scoresFromForm } from '../items/achievement-form';
import { formText, type FormBody } from '../shared/form-body';
import { uuid } from '../shared/web-http';
import { SCORING_JS } from './scoring-asset';
import { html, sendHtml } from '../shared/layout';
import { MyReviewsPage, RecusePage } from './views/scoring.page';
import { formatDateTime } from '../shared/web-labels';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

const REASON_MAX = 2000;
/** 「已评」 shows this many items a page (each with its seat history). */
const REVIEWS_PAGE = 20;

/** The expert's own pages: 「已评」, the draft the scoring form saves as they type, and recusal. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class ExpertWebController {
  constructor(
    private readonly achievements: AchievementsService,
    private readonly reviews: ExpertReviewsService,
  ) {}

  @WebRoles('expert')
  @Get('reviews/mine')
  async mine(@Req() req: WebRequest, @Query('after') after?: unknown): Promise<string> {
    const cursor = typeof after === 'string' && after !== '' ? after : undefined;
    const page = await this.reviews.myReviewsPage(req.user!, cursor, REVIEWS_PAGE);
    return html(
      MyReviewsPage({ user: req.user!, csrf: req.csrfToken!, ...page, paged: Boolean(cursor) }),
    );
  }

  /** The scoring form's autosave (htmx): answers with the line under the form. */
  @WebRoles('expert')
  @Post('items/:id/draft')
  async draft(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    await this.achievements.assertVisible(req.user!, id);
    try {
      const saved = await this.reviews.saveDraft(req.user!, id, {
        scores: scoresFromForm(body),
        criterionComments: criterionCommentsFromForm(body) ?? {},
        comment: formText(body, 'comment'),
      });
      sendHtml(res, 200, `草稿已保存(${formatDateTime(saved.savedAt)}),只有您自己可见。`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      // A half-typed number is not an error worth a red line: the draft keeps its last good state.
      sendHtml(res, 200, '草稿未保存:请检查分数是否在 0–100 之间。');
    }
  }

  @WebRoles('expert')
  @Get('items/:id/recuse')
  async recusePage(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string) {
    const item = await this.recusable(req.user!, id);
    return html(
      RecusePage({ user: req.user!, csrf: req.csrfToken!, item, reason: '', errors: {} }),
    );
  }

  @WebRoles('expert')
  @Post('items/:id/recuse')
  async recuse(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const user = req.user!;
    const item = await this.recusable(user, id);
    const reason = formText(body, 'reason');
    const errors: FieldErrors = {};
    if (!reason) errors.reason = ['请填写回避理由'];
    else if (reason.length > REASON_MAX) errors.reason = [`回避理由不能超过 ${REASON_MAX} 字`];
    if (formText(body, 'confirm') !== 'yes') errors.confirm = ['请勾选确认后再提交'];
    if (Object.keys(errors).length) {
      sendHtml(res, 400, RecusePage({ user, csrf: req.csrfToken!, item, reason, errors }));
      return;
    }
    const version = formText(body, 'expectedVersion');
    const dto = await validateAs(SendEventDto, {
      type: 'RECUSE',
      comment: reason,
      expectedVersion: /^\d+$/.test(version) ? Number(version) : undefined,
    });
    await this.achievements.sendEvent(user, id, dto);
    res.redirect(303, '/reviews/mine');
  }

  private async recusable(user: AuthUser, id: string): Promise<AchievementView> {
    const item = await this.achievements.get(user, id);
    if (!item.allowedEvents.includes('RECUSE')) {
      throw new ConflictError('您已提交评分或不在该成果的评审专家组中,不能申请回避');
    }
    return item;
  }
}

/** The scoring form's running weighted total, served like the console's other scripts. */
@Public()
@Controller('assets')
export class ScoringAssetController {
  @Get('scoring.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  js(): string {
    return SCORING_JS;
  }
}
