import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import type { AchievementView } from '../achievements/achievement.view';
import { AchievementsService } from '../achievements/achievements.service';
import { Public } from '../auth/auth.decorators';
import { hasRole } from '../auth/auth-user';
import { validateAs } from '../common/validation';
import {
  BatchPassDto,
  ConflictDecisionDto,
  ReasonDto,
} from '../evaluation/dto/evaluation-actions.dto';
import { EvaluationService } from '../evaluation/evaluation.service';
import type { ExpertConflicts } from '../evaluation/panel-candidates.service';
import { formText, type FormBody } from './achievement-form';
import { uuid } from './console.controller';
import { ConsoleService } from './console.service';
import { sendHtml } from './views/layout';
import { ReviewPage, type ReviewFormState } from './views/review';
import { WebExceptionFilter } from './web-exception.filter';
import { submitForm } from './web-forms';
import { WebAuthGuard, WebRoles, type WebRequest } from './web-session';

export interface PanelReview {
  item: AchievementView;
  panel: Awaited<ReturnType<EvaluationService['panel']>>;
  conflicts: ExpertConflicts[];
  names: Map<string, string>;
}

/**
 * Batch assignment review (评审分配审核): the items awaiting eligibility, passed together so
 * their panels are solved together; every panel now scoring with its seats, its shortfall and
 * the conflicts the rules suggest; and the consensus cases. The forms call the same
 * EvaluationService methods and DTOs as /api/evaluation; consensus decisions are the item's own
 * events, posted to /items/:id/events like the item page's buttons.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('review')
export class ReviewWebController {
  constructor(
    private readonly evaluation: EvaluationService,
    private readonly achievements: AchievementsService,
    private readonly console: ConsoleService,
  ) {}

  @WebRoles('officeStaff', 'admin')
  @Get()
  async page(@Req() req: WebRequest, @Res() res: Response) {
    await this.render(req, res, null);
  }

  /** Passes the chosen items' eligibility at once, as POST /api/evaluation/eligibility/pass. */
  @WebRoles('officeStaff')
  @Post('eligibility')
  async passBatch(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
    await this.attempt(req, res, 'eligibility', async () => {
      const dto = await validateAs(BatchPassDto, {
        ids,
        comment: formText(body, 'comment') || undefined,
      });
      await this.evaluation.passBatch(req.user!, dto.ids, dto.comment?.trim() || undefined);
    });
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

  private async render(req: WebRequest, res: Response, state: ReviewFormState | null) {
    const user = req.user!;
    const names = await this.console.userNames();
    const scoring = await this.console.listAll(user, { state: 'expertScoring' });
    const panels: PanelReview[] = [];
    for (const summary of scoring) {
      const [item, panel, conflicts] = await Promise.all([
        this.achievements.get(user, summary.id),
        this.evaluation.panel(summary.id),
        this.evaluation.conflicts(summary.id),
      ]);
      panels.push({ item, panel, conflicts, names });
    }
    const eligibility = (
      await Promise.all(
        (await this.console.listAll(user, { state: 'eligibilityCheck' })).map((s) =>
          this.achievements.get(user, s.id),
        ),
      )
    ).filter((i) => i.allowedEvents.includes('PASS_ELIGIBILITY'));
    const consensus = await Promise.all(
      (await this.console.listAll(user, { state: 'consensus' })).map((s) =>
        this.achievements.get(user, s.id),
      ),
    );
    sendHtml(
      res,
      state ? 400 : 200,
      ReviewPage({
        user,
        csrf: req.csrfToken!,
        eligibility,
        panels,
        consensus,
        office: hasRole(user, 'officeStaff'),
        state,
      }),
    );
  }
}
