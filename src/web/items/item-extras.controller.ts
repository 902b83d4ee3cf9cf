import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AchievementsService } from '../../achievements/achievements.service';
import { AchievementRecordDto } from '../../achievements/dto/achievement-record.dto';
import { AttachmentsService } from '../../attachments/attachments.service';
import { Public } from '../../access/auth.decorators';
import { hasRole } from '../../access/auth-user';
import { Clock } from '../../common/clock';
import { ConflictError, ForbiddenError } from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import { formFromView } from './achievement-form';
import { editable } from './achievement-form';
import { isHtmx, uuid } from '../shared/web-http';
import { ConsoleService } from './console.service';
import { AttachmentsSection } from './views/item-record.components';
import { DiagramPage, PrintPage } from './views/item-extras.page';
import { html, sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

/**
 * The item's side pages: its full diagram, its print view, removing an attachment and copying a
 * withdrawn item into a new draft. The item page itself lives in ConsoleController.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@Controller('items/:id')
export class ItemExtrasController {
  constructor(
    private readonly console: ConsoleService,
    private readonly achievements: AchievementsService,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
  ) {}

  @Get('diagram')
  async diagram(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const user = req.user!;
    const item = await this.achievements.get(user, id);
    const path = this.console.path(await this.achievements.history(user, id));
    const svg = this.console.diagram(item.state, path, item.suspendedFrom);
    return html(DiagramPage({ user, csrf: req.csrfToken!, item, path, svg }));
  }

  @Get('print')
  async print(@Req() req: WebRequest, @Param('id', uuid('成果')) id: string): Promise<string> {
    const user = req.user!;
    const item = await this.achievements.get(user, id);
    const attachments = await this.attachments.list(user, id);
    return html(PrintPage({ item, attachments, printedAt: this.clock.now() }));
  }

  /** Removes one attachment (owner, draft or returned); htmx gets the refreshed section back. */
  @WebRoles('submitter')
  @Post('attachments/:attachmentId/delete')
  async removeAttachment(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('成果')) id: string,
    @Param('attachmentId', uuid('附件')) attachmentId: string,
  ) {
    const user = req.user!;
    const before = (await this.attachments.list(user, id)).find((a) => a.id === attachmentId);
    await this.attachments.remove(user, id, attachmentId);
    if (!isHtmx(req)) {
      res.redirect(303, `/items/${id}#attachments`);
      return;
    }
    const item = await this.achievements.get(user, id);
    sendHtml(
      res,
      200,
      AttachmentsSection({
        item,
        attachments: await this.attachments.list(user, id),
        editable: editable(item),
        csrf: req.csrfToken!,
        message: `已删除:${before?.fileName ?? '附件'}`,
        version: item.version,
      }),
    );
  }

  /**
   * A withdrawn item's record (and its files) as a new draft of the same unit, so that applying
   * again needs nothing typed twice. The withdrawn item stays as it was, with its history.
   */
  @WebRoles('submitter')
  @Post('copy')
  async copy(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid('成果')) id: string) {
    const user = req.user!;
    const item = await this.achievements.get(user, id);
    if (!hasRole(user, 'submitter') || item.ownerOrganization.id !== user.organizationId) {
      throw new ForbiddenError('只有成果所属单位的申报人可以复制该成果');
    }
    if (item.state !== 'withdrawn') {
      throw new ConflictError('只有已撤回的成果可以复制为新草稿', { state: item.state });
    }
    const dto = await validateAs(AchievementRecordDto, formFromView(item));
    const created = await this.achievements.create(user, dto);
    for (const a of await this.attachments.list(user, id)) {
      const { stream } = await this.attachments.download(user, id, a.id);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      await this.attachments.upload(
        user,
        created.id,
        { originalname: a.fileName, buffer: Buffer.concat(chunks) },
        a.kind,
      );
    }
    res.redirect(303, `/items/${created.id}`);
  }
}
