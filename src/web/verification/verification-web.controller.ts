import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { AchievementsService } from '../../achievements/achievements.service';
import type { UploadedBinary } from '../../attachments/attachments.service';
import { UploadErrorsInterceptor } from '../../attachments/upload-errors.interceptor';
import { Public } from '../../access/auth.decorators';
import { hasRole } from '../../access/auth-user';
import { NotFoundError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { UsersService } from '../../users/users.service';
import {
  FormTeamDto,
  RecordFindingsDto,
  ScheduleVisitDto,
} from '../../verification/dto/verification.dto';
import {
  VerificationService,
  type VerificationView,
} from '../../verification/verification.service';
import { formChecked, formRows, formText, type FormBody } from '../shared/form-body';
import { uuid } from '../shared/web-http';
import { sendHtml } from '../shared/layout';
import { VisitPage, type TeamCandidate, type VisitFormValues } from './views/visit.page';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { submitForm } from '../shared/web-forms';
import {
  CsrfInMultipart,
  WebAuthGuard,
  WebRoles,
  WebSessions,
  assertCsrf,
  type WebRequest,
} from '../shared/web-session';

function list(value: FormBody[string]): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
}

/**
 * The on-site visit (现场核查) in the console: the same VerificationService calls and DTOs as
 * /api/verification, so who may do what and every check stay in one place. A form with bad input
 * comes back (400) with each message next to its field and nothing written.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('verification')
export class VerificationWebController {
  constructor(
    private readonly verification: VerificationService,
    private readonly achievements: AchievementsService,
    private readonly users: UsersService,
    private readonly sessions: WebSessions,
  ) {}

  @WebRoles('officeStaff', 'admin', 'expert', 'submitter')
  @Get(':id')
  async page(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('成果')) id: string) {
    await this.render(req, res, id, 200, {}, {});
  }

  @WebRoles('officeStaff')
  @Post(':id/team')
  async team(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const values = { members: list(body.members) };
    await this.attempt(req, res, id, values, async () => {
      const dto = await validateAs(FormTeamDto, values);
      await this.verification.formTeam(req.user!, id, dto);
    });
  }

  @WebRoles('officeStaff')
  @Post(':id/schedule')
  async schedule(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const values = { date: formText(body, 'date'), place: formText(body, 'place') };
    await this.attempt(req, res, id, values, async () => {
      const dto = await validateAs(ScheduleVisitDto, values);
      await this.verification.schedule(req.user!, id, dto);
    });
  }

  @WebRoles('officeStaff', 'expert')
  @Post(':id/photos')
  @CsrfInMultipart()
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  async photo(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @UploadedFile() file: UploadedBinary | undefined,
  ) {
    assertCsrf(this.sessions, req);
    await this.attempt(req, res, id, {}, async () => {
      await this.verification.addPhoto(req.user!, id, file);
    });
  }

  @WebRoles('officeStaff', 'expert')
  @Post(':id/findings')
  async findings(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    const checklist = formRows(body, 'checklist', ['item', 'note']).map((row, i) => ({
      item: row.item,
      passed: formChecked(body, `checklist.${i}.passed`),
      note: row.note,
    }));
    const values: VisitFormValues = {
      checklist,
      narrative: formText(body, 'narrative'),
      conclusion: formText(body, 'conclusion'),
    };
    await this.attempt(req, res, id, values, async () => {
      const dto = await validateAs(RecordFindingsDto, {
        checklist: checklist.map((c) => ({ ...c, note: c.note || undefined })),
        narrative: values.narrative,
        conclusion: values.conclusion,
      });
      await this.verification.recordFindings(req.user!, id, dto);
    });
  }

  private attempt(
    req: WebRequest,
    res: Response,
    id: string,
    values: VisitFormValues,
    step: () => Promise<void>,
  ) {
    return submitForm(res, `/verification/${id}`, step, (errors) =>
      this.render(req, res, id, 400, errors, values),
    );
  }

  private async render(
    req: WebRequest,
    res: Response,
    id: string,
    status: number,
    errors: Record<string, string[]>,
    values: VisitFormValues,
  ) {
    const user = req.user!;
    const office = hasRole(user, 'officeStaff', 'admin');
    // The office reads the item itself (its state and the decision buttons); the team's experts
    // reach the visit only, as the API lets them.
    const item = office ? await this.achievements.get(user, id) : null;
    let visit: VerificationView | null = null;
    try {
      visit = await this.verification.get(user, id);
    } catch (err) {
      if (!(office && err instanceof NotFoundError)) throw err;
    }
    const candidates: TeamCandidate[] = hasRole(user, 'officeStaff')
      ? (await this.users.list())
          .filter(
            (u) => u.active && (u.roles.includes('officeStaff') || u.roles.includes('expert')),
          )
          .map((u) => ({
            id: u.id,
            name: u.displayName,
            organization: u.organizationName,
            kind: u.roles.includes('expert') ? 'expert' : 'staff',
          }))
      : [];
    sendHtml(
      res,
      status,
      VisitPage({
        user,
        csrf: req.csrfToken!,
        achievementId: id,
        title: item?.title ?? visit?.title ?? '',
        item,
        visit,
        candidates,
        office: hasRole(user, 'officeStaff'),
        onTeam: !!visit?.team.some((m) => m.userId === user.id),
        errors,
        values,
      }),
    );
  }
}
