import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { AchievementsService } from '../../achievements/achievements.service';
import { Public } from '../../access/auth.decorators';
import { hasRole } from '../../access/auth-user';
import { InvalidInputError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import {
  BatchPassDto,
  ConflictDecisionDto,
  ReasonDto,
} from '../../evaluation/dto/evaluation-actions.dto';
import { EvaluationService } from '../../evaluation/evaluation.service';
import { formText, type FormBody } from '../shared/form-body';
import { uuid } from '../shared/web-http';
import { ReviewReadService } from './review-read.service';
import { panelAfter, partitionForPass } from './review-steps';
import { sendHtml } from '../shared/layout';
import { ReviewPage, type ReviewFormState } from './views/review.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { submitForm } from '../shared/web-forms';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

export type { PanelReview } from './review-read.service';

const IDS = /^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i;

function idList(value: unknown): string[] {
  return typeof value === 'string' && IDS.test(value) ? value.split(',').slice(0, 500) : [];
}

function cursorOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Batch assignment review (评审分配审核): the items awaiting eligibility with each rule's result,
 * passed together so their panels are solved together, and a summary of what the pass did; every
 * panel now scoring with each expert's fields, which the office may change (through ASSIGN_PANEL,
 * under the same conflict rules as the automatic assignment); and the consensus cases. Each
 * section is a page at a time.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('review')
export class ReviewWebController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly achievements: AchievementsService,
    private readonly read: ReviewReadService,
  ) {}

  @WebRoles('officeStaff', 'admin')
  @Get()
  async page(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ) {
    await this.render(req, res, null, query);
  }

  /**
   * Passes the chosen items' eligibility at once (as POST /api/evaluation/eligibility/pass) and
   * answers with the summary. An item with a failed rule is passed only with a comment; without
   * one it is left out and reported, and the others go through.
   */
  @WebRoles('officeStaff')
  @Post('eligibility')
  async passBatch(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
    try {
      const dto = await validateAs(BatchPassDto, {
        ids,
        comment: formText(body, 'comment') || undefined,
      });
      const comment = dto.comment?.trim() || undefined;
      const { pass, fail } = await partitionForPass(
        this.achievements,
        this.read,
        req.user!,
        [...new Set(dto.ids)],
        Boolean(comment),
      );
      if (pass.length) await this.evaluation.passBatch(req.user!, pass, comment);
      const query = new URLSearchParams({ passed: pass.join(','), failed: fail.join(',') });
      res.redirect(303, `/review?${query.toString()}#batch-summary`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      await this.render(req, res, { form: 'eligibility', errors: err.errors });
    }
  }

  /** Replaces, adds or removes one panel member: an ASSIGN_PANEL event with its version check. */
  @WebRoles('officeStaff')
  @Post(':id/panel')
  async changePanel(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    await submitForm(
      res,
      `/review?changed=${id}#panel-${id}`,
      async () => {
        const reason = formText(body, 'reason').trim();
        if (!reason) throw InvalidInputError.field('reason', '调整专家组须填写理由');
        const panel = panelAfter(await this.evaluation.panel(id), {
          op: formText(body, 'op'),
          member: formText(body, 'member'),
          candidate: formText(body, 'candidate'),
        });
        const version = Number(formText(body, 'version'));
        try {
          await this.achievements.sendEvent(req.user!, id, {
            type: 'ASSIGN_PANEL',
            data: { panel },
            comment: reason,
            expectedVersion: Number.isInteger(version) && version > 0 ? version : undefined,
          });
        } catch (err) {
          // The event's own checks (pool, credit floor, conflicts) speak of the panel as a whole;
          // on this form that is the expert picked.
          if (err instanceof InvalidInputError && err.errors['data.panel']) {
            throw new InvalidInputError({ candidate: err.errors['data.panel'] });
          }
          throw err;
        }
      },
      (errors) => this.render(req, res, { form: `panel:${id}`, errors }),
    );
  }

  @WebRoles('officeStaff')
  @Post(':id/fill')
  async fill(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    await this.attempt(req, res, `fill:${id}`, async () => {
      const dto = await validateAs(ReasonDto, { reason: formText(body, 'reason') });
      await this.evaluation.fillPanel(req.user!, id, dto.reason.trim());
    });
  }

  @WebRoles('officeStaff')
  @Post(':id/conflicts/:expertId')
  async conflict(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Param('expertId', uuid('专家')) expertId: string,
    @Body() body: FormBody,
  ) {
    await this.attempt(req, res, `conflict:${id}:${expertId}`, async () => {
      const dto = await validateAs(ConflictDecisionDto, {
        decision: formText(body, 'decision'),
        reason: formText(body, 'reason'),
      });
      await this.evaluation.decideConflict(
        req.user!,
        id,
        expertId,
        dto.decision,
        dto.reason.trim(),
      );
    });
  }

  private attempt(req: WebRequest, res: Response, form: string, step: () => Promise<void>) {
    return submitForm(res, '/review', step, (errors) => this.render(req, res, { form, errors }));
  }

  private async render(
    req: WebRequest,
    res: Response,
    state: ReviewFormState | null,
    query: Record<string, unknown> = {},
  ) {
    const user = req.user!;
    const office = hasRole(user, 'officeStaff');
    const passed = idList(query.passed);
    const failed = idList(query.failed);
    const [eligibility, panels, consensus, pool, summary] = await Promise.all([
      this.read.eligibilityPage(user, cursorOf(query.ecursor)),
      this.read.panelsPage(user, cursorOf(query.pcursor)),
      this.read.consensusPage(user, cursorOf(query.ccursor)),
      office ? this.read.pool() : Promise.resolve([]),
      passed.length || failed.length
        ? this.read.summary(user, passed, failed)
        : Promise.resolve(null),
    ]);
    sendHtml(
      res,
      state ? 400 : 200,
      ReviewPage({
        user,
        csrf: req.csrfToken!,
        eligibility,
        panels,
        consensus,
        pool,
        summary,
        changed: typeof query.changed === 'string' ? query.changed : null,
        office,
        state,
      }),
    );
  }
}
