import { LibraryService } from '../../library/library.service';
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
import { Public } from '../../access/auth.decorators';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../common/domain-errors';
import { validateAs } from '../../common/validation';
import {
  CreateEditionDto,
  EventDetailsDto,
  SetEditionItemsDto,
  UpdateEditionDto,
  VersionDto,
} from '../../releases/dto/edition.dto';
import { ReleaseVotingService } from '../../releases/release-voting.service';
import {
  ReleasesService,
  type DocumentFormat,
  type EditionView,
  type RenderedDocument,
} from '../../releases/releases.service';
import { formText, type FormBody } from '../shared/form-body';
import { uuid } from '../shared/web-http';
import { EditionDetailPage, EditionListPage, type EditionNotice } from './views/editions.page';
import { sendHtml } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { WebAuthGuard, WebRoles, type WebRequest } from '../shared/web-session';

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

function format(value: string): DocumentFormat {
  if (value === 'docx' || value === 'html') return value;
  throw new NotFoundError('文档格式不存在');
}

/** A form's hidden version as a number; anything else fails the DTO's own check in Chinese. */
function version(body: FormBody): unknown {
  const raw = formText(body, 'expectedVersion');
  return /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
}

export function sendDocument(res: Response, doc: RenderedDocument): void {
  res
    .status(200)
    .type(doc.contentType)
    .setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
    )
    .send(doc.bytes);
}

/**
 * The office's edition pages: the same ReleasesService calls as /api/editions, with refused
 * actions answered by the page itself — field errors beside their fields, a 409 as a notice.
 */
@Public()
@UseGuards(WebAuthGuard)
@UseFilters(WebExceptionFilter)
@WebRoles('officeStaff')
@Controller('editions')
export class EditionsController {
  constructor(
    private readonly releases: ReleasesService,
    private readonly voting: ReleaseVotingService,
    private readonly library: LibraryService,
  ) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    await this.renderList(req, res, 200);
  }

  @Post()
  async create(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody) {
    const form = { kind: formText(body, 'kind'), period: formText(body, 'period') };
    try {
      const dto = await validateAs(CreateEditionDto, form);
      const edition = await this.releases.create(req.user!, dto);
      res.redirect(303, `/editions/${edition.id}`);
    } catch (error) {
      const notice = this.noticeOf(error);
      await this.renderList(req, res, error instanceof ConflictError ? 409 : 400, form, notice);
    }
  }

  @Get(':id')
  async detail(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
  ) {
    const message = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    await this.renderDetail(req, res, id, 200, { message });
  }

  @Get(':id/document.:format')
  async document(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Param('format') requested: string,
  ) {
    sendDocument(
      res,
      await this.releases.document(req.user!, id, format(requested), {
        clientIp: req.ip ?? null,
      }),
    );
  }

  /** Add, remove, reorder or edit a blurb: each rewrites the whole list, as the API does. */
  @Post(':id/items')
  async items(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Body() body: FormBody,
  ) {
    await this.act(req, res, id, 'items', async () => {
      const edition = await this.releases.get(req.user!, id);
      const op = formText(body, 'op');
      const target = formText(body, 'achievementId');
      if (!target) throw InvalidInputError.field('achievementId', '请选择成果');
      const items = edition.items.map((i) => ({
        achievementId: i.achievementId,
        blurb: i.blurb,
        selected: i.selected,
      }));
      const at = items.findIndex((i) => i.achievementId === target);
      if (op === 'add') {
        if (at >= 0) throw InvalidInputError.field('achievementId', '该成果已在本期中');
        items.push({ achievementId: target, blurb: '', selected: true });
      } else if (at < 0) {
        throw InvalidInputError.field('achievementId', '该成果不在本期中');
      } else if (op === 'remove') {
        items.splice(at, 1);
      } else if (op === 'up' || op === 'down') {
        const to = op === 'up' ? at - 1 : at + 1;
        if (to >= 0 && to < items.length) [items[at], items[to]] = [items[to], items[at]];
      } else if (op === 'blurb') {
        items[at].blurb = formText(body, 'blurb');
      } else {
        throw InvalidInputError.field('op', '未知的操作');
      }
      const dto = await validateAs(SetEditionItemsDto, { expectedVersion: version(body), items });
      await this.releases.setItems(req.user!, id, dto);
    });
  }

  /**
   * Every blurb of the list in one save: the form names each textarea `blurb-<achievement id>`,
   * and the whole list is rewritten once (one version step), as the API's PUT items does.
   */
  @Post(':id/blurbs')
  async blurbs(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Body() body: FormBody,
  ) {
    await this.act(req, res, id, 'blurbs', async () => {
      const edition = await this.releases.get(req.user!, id);
      const items = edition.items.map((i) => {
        const sent = body[`blurb-${i.achievementId}`];
        return {
          achievementId: i.achievementId,
          blurb: sent === undefined ? i.blurb : formText(body, `blurb-${i.achievementId}`),
          selected: i.selected,
        };
      });
      const dto = await validateAs(SetEditionItemsDto, { expectedVersion: version(body), items });
      await this.releases.setItems(req.user!, id, dto);
    });
  }

  /**
   * The HTML edition shown in the browser (not downloaded), styled by /assets/edition.css like the
   * printed report; a draft is rendered as it stands, an issued edition as stored.
   */
  @Get(':id/preview')
  async preview(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
  ) {
    const doc = await this.releases.document(req.user!, id, 'html');
    res.status(200).type('text/html; charset=utf-8').send(doc.bytes);
  }

  @Post(':id/distribution')
  async distribution(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Body() body: FormBody,
  ) {
    await this.act(req, res, id, 'saved', async () => {
      const dto = await validateAs(UpdateEditionDto, {
        expectedVersion: version(body),
        distributionList: lines(formText(body, 'distributionList')),
      });
      await this.releases.update(req.user!, id, dto);
    });
  }

  @Post(':id/event')
  async event(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Body() body: FormBody,
  ) {
    await this.act(req, res, id, 'saved', async () => {
      const details: Record<string, unknown> = {
        coHosts: lines(formText(body, 'coHosts')),
        linkedActivities: lines(formText(body, 'linkedActivities')),
        presenters: lines(formText(body, 'presenters')),
      };
      if (formText(body, 'date')) details.date = formText(body, 'date');
      if (formText(body, 'venue')) details.venue = formText(body, 'venue');
      await validateAs(EventDetailsDto, details);
      const dto = await validateAs(UpdateEditionDto, {
        expectedVersion: version(body),
        eventDetails: details,
      });
      await this.releases.update(req.user!, id, dto);
    });
  }

  @Post(':id/:step')
  async step(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Param('step') step: string,
    @Body() body: FormBody,
  ) {
    const steps: Record<string, (v: number) => Promise<EditionView>> = {
      submit: (v) => this.releases.submit(req.user!, id, v),
      return: (v) => this.releases.returnToDraft(req.user!, id, v),
      issue: (v) => this.releases.issue(req.user!, id, v),
    };
    const run = steps[step];
    if (!run) throw new NotFoundError('请求的页面不存在');
    await this.act(req, res, id, step, async () => {
      const { expectedVersion } = await validateAs(VersionDto, { expectedVersion: version(body) });
      await run(expectedVersion);
    });
  }

  @Post(':id/vote/:step')
  async vote(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', uuid('刊期')) id: string,
    @Param('step') step: string,
    @Body() body: FormBody,
  ) {
    if (step !== 'open' && step !== 'close') throw new NotFoundError('请求的页面不存在');
    await this.act(req, res, id, `vote-${step}`, async () => {
      const { expectedVersion } = await validateAs(VersionDto, { expectedVersion: version(body) });
      if (step === 'open') await this.voting.open(req.user!, id, expectedVersion);
      else await this.voting.close(req.user!, id, expectedVersion);
    });
  }

  /** Runs one action; success redirects (post/redirect/get), a refusal re-renders the page. */
  private async act(
    req: WebRequest,
    res: Response,
    id: string,
    done: string,
    action: () => Promise<void>,
  ): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (
        error instanceof InvalidInputError ||
        error instanceof ConflictError ||
        error instanceof ForbiddenError
      ) {
        await this.renderDetail(req, res, id, error.status, this.noticeOf(error));
        return;
      }
      throw error;
    }
    res.redirect(303, `/editions/${id}?done=${done}`);
  }

  private noticeOf(error: unknown): EditionNotice {
    if (error instanceof InvalidInputError) return { errors: error.errors };
    if (error instanceof ConflictError || error instanceof ForbiddenError) {
      return { conflict: error.message };
    }
    throw error;
  }

  private async renderList(
    req: WebRequest,
    res: Response,
    status: number,
    form?: { kind?: string; period?: string },
    notice?: EditionNotice,
  ) {
    const editions = await this.releases.list(req.user!, {});
    sendHtml(
      res,
      status,
      EditionListPage({ user: req.user!, csrf: req.csrfToken!, editions, form, notice }),
    );
  }

  private async renderDetail(
    req: WebRequest,
    res: Response,
    id: string,
    status: number,
    notice?: EditionNotice,
  ) {
    const edition = await this.releases.get(req.user!, id);
    const issueBarred = await this.releases.issueBarredFor(req.user!, edition);
    // The newest entries of the library, one page in the entries' order (a mature library holds
    // tens of thousands: all of them made a 2,000-option list and took seconds to read).
    const candidates =
      edition.state === 'draft'
        ? (await this.library.list(req.user!, { limit: CANDIDATES })).items
        : [];
    sendHtml(
      res,
      status,
      EditionDetailPage({
        user: req.user!,
        csrf: req.csrfToken!,
        edition,
        candidates,
        notice,
        issueBarred,
      }),
    );
  }
}

/** How many of the library's newest entries the draft's 从成果库添加 list offers. */
const CANDIDATES = 100;

const DONE: Record<string, string> = {
  items: '成果列表已更新。',
  blurbs: '推介语已全部保存。',
  saved: '已保存。',
  submit: '已提交审核。',
  return: '已退回草稿。',
  issue: '已签发,入选成果已在公开平台发布。',
  'vote-open': '专家投票已开启。',
  'vote-close': '专家投票已结束。',
};
