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
import { Public } from '../../access/auth.decorators';
import { hasRole } from '../../access/auth-user';
import { InvalidInputError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import {
  LIBRARY_FLAGS,
  LibraryFlagsDto,
  LibraryQuery,
  ProgressDecisionDto,
  ProgressDto,
  TrackingEvaluationDto,
} from '../../library/dto/library.dto';
import { LibraryProgressService } from '../../library/library-progress.service';
import { LibraryTrackingService } from '../../library/library-tracking.service';
import { LibraryService } from '../../library/library.service';
import { formChecked, formText, type FormBody } from '../shared/form-body';
import { uuid } from '../shared/web-http';
import { ConsoleService } from '../items/console.service';
import { sendHtml } from '../shared/layout';
import {
  LibraryEntryPage,
  LibraryListPage,
  type EntryFormState,
  type LibraryFilters,
} from './views/library.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { submitForm } from '../shared/web-forms';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The provincial library (成果库) in the console: the list with the API's filters, and each entry
 * with its tracking evaluations, flags and progress updates. Every form goes through the same
 * library service method and DTO as /api/library; bad input comes back (400) with the field errors.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('officeStaff', 'admin', 'recommender', 'submitter')
@Controller('library')
export class LibraryWebController {
  constructor(
    private readonly library: LibraryService,
    private readonly tracking: LibraryTrackingService,
    private readonly updates: LibraryProgressService,
    private readonly console: ConsoleService,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response, @Query() raw: Record<string, unknown>) {
    const filters: LibraryFilters = {
      category: one(raw.category),
      domain: one(raw.domain),
      city: one(raw.city),
      year: one(raw.year),
      flag: one(raw.flag),
      minScore: one(raw.minScore),
      maxScore: one(raw.maxScore),
      cursor: one(raw.cursor),
    };
    let page: Awaited<ReturnType<LibraryService['list']>> = { items: [], nextCursor: null };
    let errors: Record<string, string[]> = {};
    try {
      const query = await validateAs(LibraryQuery, { ...filters, limit: 50 });
      page = await this.library.list(req.user!, query);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      errors = err.errors;
    }
    sendHtml(
      res,
      Object.keys(errors).length ? 400 : 200,
      LibraryListPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters,
        options: await this.console.filterOptions(),
        items: page.items,
        nextCursor: page.nextCursor,
        errors,
      }),
    );
  }

  @Get(':id')
  async entry(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('成果')) id: string) {
    await this.render(req, res, id, null);
  }

  @WebRoles('officeStaff')
  @Post(':id/evaluations')
  async evaluation(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const values = {
      type: formText(body, 'type'),
      evaluator: formText(body, 'evaluator'),
      date: formText(body, 'date'),
      findings: formText(body, 'findings'),
      rating: formText(body, 'rating'),
    };
    await this.attempt(req, res, id, { form: 'evaluation', values }, async () => {
      const dto = await validateAs(TrackingEvaluationDto, values);
      await this.tracking.recordEvaluation(req.user!, id, dto);
    });
  }

  @WebRoles('officeStaff')
  @Post(':id/flags')
  async flags(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const values: Record<string, string | boolean> = { reason: formText(body, 'reason') };
    for (const flag of LIBRARY_FLAGS) values[flag] = formChecked(body, flag);
    await this.attempt(req, res, id, { form: 'flags', values }, async () => {
      const dto = await validateAs(LibraryFlagsDto, values);
      await this.tracking.setFlags(req.user!, id, dto);
    });
  }

  @WebRoles('submitter')
  @Post(':id/progress')
  async progress(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const values = { title: formText(body, 'title'), content: formText(body, 'content') };
    await this.attempt(req, res, id, { form: 'progress', values }, async () => {
      const dto = await validateAs(ProgressDto, values);
      await this.updates.submitProgress(req.user!, id, dto);
    });
  }

  @WebRoles('officeStaff')
  @Post(':id/progress/:progressId/decision')
  async decision(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Param('progressId', uuid('进展')) progressId: string,
    @Body() body: FormBody,
  ) {
    const values = {
      decision: formText(body, 'decision'),
      comment: formText(body, 'comment') || undefined,
    };
    const form = `decision:${progressId}` as const;
    await this.attempt(req, res, id, { form, values: { ...values, comment: '' } }, async () => {
      const dto = await validateAs(ProgressDecisionDto, values);
      await this.updates.decideProgress(req.user!, id, progressId, dto);
    });
  }

  private attempt(
    req: WebRequest,
    res: Response,
    id: string,
    state: Omit<EntryFormState, 'errors'>,
    step: () => Promise<void>,
  ) {
    return submitForm(res, `/library/${id}`, step, (errors) =>
      this.render(req, res, id, { ...state, errors }),
    );
  }

  private async render(req: WebRequest, res: Response, id: string, state: EntryFormState | null) {
    const user = req.user!;
    const entry = await this.library.get(user, id);
    const office = hasRole(user, 'officeStaff', 'admin');
    sendHtml(
      res,
      state ? 400 : 200,
      LibraryEntryPage({
        user,
        csrf: req.csrfToken!,
        entry,
        // Names of office staff and unit staff are for the office; others see the role.
        names: office ? await this.console.userNames() : new Map([[user.id, user.displayName]]),
        office: hasRole(user, 'officeStaff'),
        owner: hasRole(user, 'submitter') && entry.organization.id === user.organizationId,
        state,
      }),
    );
  }
}
