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
  StreamableFile,
  UploadedFile,
  UploadedFiles,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor, FilesInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { AchievementsService } from '../../achievements/achievements.service';
import { AchievementRecordDto } from '../../achievements/dto/achievement-record.dto';
import { ListAchievementsQuery } from '../../achievements/dto/list-achievements.query';
import { SendEventDto } from '../../achievements/dto/send-event.dto';
import { contentDisposition } from '../../attachments/attachment-files';
import { AttachmentsService, type UploadedBinary } from '../../attachments/attachments.service';
import { UploadAttachmentDto } from '../../attachments/dto/upload-attachment.dto';
import { Public } from '../../access/auth.decorators';
import { canSeeAllScores } from '../../achievements/achievement-access';
import { hasRole } from '../../access/auth-user';
import { DomainError, InvalidInputError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { OrganizationsService } from '../../organizations/organizations.service';
import { ReferenceService } from '../../reference/reference.service';
import {
  formFromView,
  recordFromForm,
  scoresFromForm,
  criterionCommentsFromForm,
  type RecordForm,
} from './achievement-form';
import { formText, type FormBody } from '../shared/form-body';
import { ConsoleService } from './console.service';
import { ExpertScoringViews } from '../scoring/expert-scoring-views';
import type { CatalogueFilters } from '../shared/catalogue.view-model';
import { ItemsPage } from './views/items.page';
import { ItemPage } from './views/item.page';
import { AttachmentsSection } from './views/item-record.components';
import { ItemFormPage } from './views/item-form.page';
import { html, sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { FormFields } from '../shared/web-forms';
import {
  CsrfInMultipart,
  WebAuthGuard,
  WebRoles,
  WebSessions,
  assertCsrf,
  type WebRequest,
} from '../shared/web-session';
import { done, isHtmx, uuid } from '../shared/web-http';
import { editable } from './achievement-form';

/** The new-item form: its record fields and up to five files in one multipart post. */
const FIRST_SAVE_FILES = 5;
const FIRST_SAVE_LIMITS = {
  // Each file is held to the configured attachment limit by the service; this bounds the request.
  fileSize: 100 * 1024 * 1024,
  files: FIRST_SAVE_FILES,
  fields: 2000,
  fieldSize: 64 * 1024,
  parts: 2000 + FIRST_SAVE_FILES,
};

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The signed-in console's items: list, forms, actions and attachments. */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class ConsoleController {
  constructor(
    private readonly console: ConsoleService,
    private readonly achievements: AchievementsService,
    private readonly attachments: AttachmentsService,
    private readonly reference: ReferenceService,
    private readonly organizations: OrganizationsService,
    private readonly sessions: WebSessions,
    private readonly expertViews: ExpertScoringViews,
  ) {}

  @Get('items')
  async items(@Req() req: WebRequest, @Query() raw: Record<string, unknown>): Promise<string> {
    const filters: CatalogueFilters = {
      q: one(raw.q),
      category: one(raw.category),
      domain: one(raw.domain),
      city: one(raw.city),
      year: one(raw.year),
      state: one(raw.state),
      cursor: one(raw.cursor),
    };
    const query = await validateAs(ListAchievementsQuery, { ...filters, limit: 50 });
    const page = await this.achievements.list(req.user!, query);
    return html(
      ItemsPage({
        user: req.user!,
        csrf: req.csrfToken!,
        filters,
        options: await this.console.filterOptions(),
        items: page.items,
        nextCursor: page.nextCursor,
      }),
    );
  }

  @WebRoles('submitter')
  @Get('items/new')
  async newItem(@Req() req: WebRequest): Promise<string> {
    return html(await this.formPage(req, null, {}, {}));
  }

  /**
   * The first save: the record and, in the same post, the files chosen on the form. Files are
   * checked before the draft is written, so a bad file leaves nothing behind.
   */
  @WebRoles('submitter')
  @Post('items')
  @CsrfInMultipart()
  @UseInterceptors(FilesInterceptor('files', FIRST_SAVE_FILES, { limits: FIRST_SAVE_LIMITS }))
  async create(
    @Req() req: WebRequest,
    @Res() res: Response,
    @FormFields() body: FormBody,
    @UploadedFiles() files: UploadedBinary[] | undefined,
  ) {
    assertCsrf(this.sessions, req);
    const form = recordFromForm(body);
    const chosen = (files ?? []).filter((f) => f.buffer.length > 0);
    try {
      const { kind } = await validateAs(UploadAttachmentDto, {
        kind: formText(body, 'filesKind') || 'other',
      });
      const dto = await validateAs(AchievementRecordDto, form);
      for (const file of chosen) {
        await this.attachments.acceptable(file).catch((err: unknown) => {
          if (!(err instanceof InvalidInputError)) throw err;
          throw new InvalidInputError({
            files: Object.values(err.errors)
              .flat()
              .map((m) => `${file.originalname}:${m}`),
          });
        });
      }
      const created = await this.achievements.create(req.user!, dto);
      for (const file of chosen) await this.attachments.upload(req.user!, created.id, file, kind);
      res.redirect(303, `/items/${created.id}`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      const errors = chosen.length
        ? { ...err.errors, files: [...(err.errors.files ?? []), '请重新选择要上传的附件'] }
        : err.errors;
      sendHtml(res, 400, await this.formPage(req, null, form, errors));
    }
  }

  @Get('items/:id')
  async item(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const user = req.user!;
    const item = await this.achievements.get(user, id);
    const [attachments, history, orgs] = await Promise.all([
      this.attachments.list(user, id),
      this.achievements.history(user, id),
      this.organizations.list(),
    ]);
    const path = this.console.path(history);
    const timeline = await this.console.timeline(user, history);
    const lastReturn = history.map((r) => r.eventType).lastIndexOf('RETURN_FOR_AMENDMENT');
    return html(
      ItemPage({
        user,
        csrf: req.csrfToken!,
        item,
        attachments,
        timeline,
        path,
        due: await this.console.progressDue(item),
        returned:
          item.state === 'returned' && lastReturn >= 0
            ? {
                reason: timeline[lastReturn].comment ?? '',
                at: timeline[lastReturn].at,
                by: timeline[lastReturn].actor,
              }
            : null,
        owner: hasRole(user, 'submitter') && item.ownerOrganization.id === user.organizationId,
        orgNames: new Map(orgs.map((o) => [o.id, o.name])),
        userNames: canSeeAllScores(user)
          ? await this.console.userNames(item.scoring.scores.map((sheet) => sheet.expertId))
          : new Map([[user.id, user.displayName]]),
        editable: editable(item),
        links: this.console.itemLinks(user, item, path),
        expert: await this.expertViews.forItem(user, item),
      }),
    );
  }

  @WebRoles('submitter')
  @Get('items/:id/edit')
  async edit(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const item = await this.achievements.get(req.user!, id);
    return html(await this.formPage(req, id, formFromView(item), {}));
  }

  @WebRoles('submitter')
  @Post('items/:id/edit')
  async update(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @FormFields() body: FormBody,
  ) {
    // Another unit's item is refused (403) before its form is checked, as the edit page is.
    await this.achievements.assertVisible(req.user!, id);
    const form = recordFromForm(body);
    try {
      const dto = await validateAs(AchievementRecordDto, form);
      await this.achievements.update(req.user!, id, {
        ...dto,
        evidence: form.evidence as Record<string, unknown>,
      });
      res.redirect(303, `/items/${id}`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      sendHtml(res, 400, await this.formPage(req, id, form, err.errors));
    }
  }

  /** One workflow event, exactly as POST /api/achievements/:id/events would send it. */
  @Post('items/:id/events')
  async event(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Body() body: FormBody,
  ) {
    // A choice button may carry its data after a colon (DECIDE_CONSENSUS:pass).
    const [type, choice] = formText(body, 'type').split(':', 2);
    const version = formText(body, 'expectedVersion');
    const data =
      type === 'SUBMIT_SCORE' || type === 'REVISE_SCORE'
        ? { scores: scoresFromForm(body), criterionComments: criterionCommentsFromForm(body) }
        : type === 'DECIDE_CONSENSUS'
          ? { decision: choice }
          : undefined;
    const dto = await validateAs(SendEventDto, {
      type,
      comment: formText(body, 'comment') || undefined,
      expectedVersion: /^\d+$/.test(version) ? Number(version) : undefined,
      data,
    });
    await this.achievements.sendEvent(req.user!, id, dto);
    done(req, res, `/items/${id}`);
  }

  @Post('items/:id/attachments')
  @CsrfInMultipart()
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @UploadedFile() file: UploadedBinary | undefined,
    @Body() body: FormBody,
  ) {
    assertCsrf(this.sessions, req);
    const user = req.user!;
    let status = 200;
    let message: string;
    try {
      const { kind } = await validateAs(UploadAttachmentDto, { kind: formText(body, 'kind') });
      const added = await this.attachments.upload(user, id, file, kind);
      message = `已上传:${added.fileName}`;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      status = err.status;
      message =
        err instanceof InvalidInputError
          ? `上传失败:${Object.values(err.errors).flat().join(';')}`
          : `上传失败:${err.message}`;
    }
    if (!isHtmx(req) && status === 200) {
      res.redirect(303, `/items/${id}#attachments`);
      return;
    }
    const item = await this.achievements.get(user, id);
    const section = AttachmentsSection({
      item,
      attachments: await this.attachments.list(user, id),
      editable: editable(item),
      csrf: req.csrfToken!,
      message,
      version: item.version,
    });
    sendHtml(res, status, section);
  }

  @Get('items/:id/attachments/:attachmentId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  async download(
    @Req() req: WebRequest,
    @Param('id', uuid('成果')) id: string,
    @Param('attachmentId', uuid('附件')) fileId: string,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.attachments.download(
      req.user!,
      id,
      fileId,
      req.ip ?? null,
    );
    return new StreamableFile(stream, {
      type: attachment.mimeType,
      length: attachment.size,
      disposition: contentDisposition(attachment.fileName),
    });
  }

  /** Notification links use the API's paths; they lead to the console's pages. */
  @Get('achievements/:id')
  achievementLink(@Param('id', uuid('成果')) id: string, @Res() res: Response): void {
    res.redirect(303, `/items/${id}`);
  }

  private async formPage(
    req: WebRequest,
    itemId: string | null,
    form: RecordForm,
    errors: Record<string, string[]>,
  ) {
    const domains = (await this.reference.domains()).map((d) => ({ key: d.key, name: d.name }));
    return ItemFormPage({ user: req.user!, csrf: req.csrfToken!, itemId, form, errors, domains });
  }
}
