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
import { hasRole, toWorkflowActor } from '../../access/auth-user';
import { PERIOD_PATTERN } from '../../collection/collection-calendar';
import { nextPeriod, CollectionCycleService } from '../../collection/collection-cycle.service';
import { InvalidInputError } from '../../common/domain-errors';
import { formText, type FormBody } from '../shared/form-body';
import { ConsoleService } from '../items/console.service';
import { html } from '../shared/layout';
import { CollectionPage } from './views/collection.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function one(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The office's collection pages (the audit search is in audit/). */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class OfficeController {
  constructor(
    private readonly console: ConsoleService,
    private readonly cycle: CollectionCycleService,
  ) {}

  @WebRoles('officeStaff', 'admin')
  @Get('collection')
  async collectionPage(
    @Req() req: WebRequest,
    @Query('period') requested?: string,
    @Query('closed') closed?: string,
  ): Promise<string> {
    const period = one(requested) ?? this.console.currentPeriod();
    const status = await this.cycle.status(period);
    // What the close button would move on: every submitted item of the batch (the office sees
    // them all), counted rather than listed.
    const waiting = await this.cycle.waitingInBatch(period);
    return html(
      CollectionPage({
        user: req.user!,
        csrf: req.csrfToken!,
        status,
        previous: previousPeriod(period),
        next: nextPeriod(period),
        canClose: hasRole(req.user!, 'officeStaff') && waiting > 0,
        submittedWaiting: waiting,
        message: /^\d+$/.test(closed ?? '')
          ? `批次已截止:${closed} 项成果进入形式审查。`
          : undefined,
      }),
    );
  }

  @Get('collection/periods/:period')
  periodLink(@Param('period') period: string, @Res() res: Response): void {
    res.redirect(303, `/collection?period=${PERIOD_PATTERN.test(period) ? period : ''}`);
  }

  /** The office closes a month's batch by hand, as POST /api/collection/periods/:period/close. */
  @WebRoles('officeStaff')
  @Post('collection/:period/close')
  async close(@Req() req: WebRequest, @Res() res: Response, @Param('period') period: string) {
    const result = await this.cycle.closeByOffice(period, toWorkflowActor(req.user!));
    res.redirect(303, `/collection?period=${result.period}&closed=${result.closed}`);
  }

  @WebRoles('recommender')
  @Post('collection/:period/nil-report')
  async nilReport(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('period') period: string,
    @Body() body: FormBody,
  ) {
    const comment = formText(body, 'comment');
    if (comment.length > 500) throw InvalidInputError.field('comment', '长度不能超过500个字符');
    await this.cycle.fileNilReport(req.user!, period, comment || undefined);
    res.redirect(303, '/tasks');
  }
}
