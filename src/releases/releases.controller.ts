import { uuidParam } from '../common/uuid-param';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import {
  CreateEditionDto,
  ListEditionsQuery,
  SetEditionItemsDto,
  UpdateEditionDto,
  VersionDto,
} from './dto/edition.dto';
import { ReleasesService, type EditionView, type RenderedDocument } from './releases.service';

export function sendDocument(res: Response, doc: RenderedDocument): void {
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader(
    'Content-Disposition',
    `${doc.contentType.startsWith('text/html') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
  );
  res.send(doc.bytes);
}

/** The office's editions: draft, curate, review, issue, correct. */
@ApiTags('releases')
@ApiBearerAuth()
@Roles('officeStaff')
@Controller('api/editions')
export class ReleasesController {
  constructor(private readonly releases: ReleasesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListEditionsQuery): Promise<EditionView[]> {
    return this.releases.list(user, query);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() body: CreateEditionDto): Promise<EditionView> {
    return this.releases.create(user, body);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', uuidParam()) id: string): Promise<EditionView> {
    return this.releases.get(user, id);
  }

  @Patch(':id')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateEditionDto,
  ): Promise<EditionView> {
    return this.releases.update(user, id, body);
  }

  @Put(':id/items')
  setItems(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: SetEditionItemsDto,
  ): Promise<EditionView> {
    return this.releases.setItems(user, id, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  submit(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: VersionDto,
  ): Promise<EditionView> {
    return this.releases.submit(user, id, body.expectedVersion);
  }

  @Post(':id/return')
  @HttpCode(200)
  returnToDraft(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: VersionDto,
  ): Promise<EditionView> {
    return this.releases.returnToDraft(user, id, body.expectedVersion);
  }

  @Post(':id/issue')
  @HttpCode(200)
  issue(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Body() body: VersionDto,
  ): Promise<EditionView> {
    return this.releases.issue(user, id, body.expectedVersion);
  }

  @Post(':id/corrections')
  correct(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
  ): Promise<EditionView> {
    return this.releases.correct(user, id);
  }

  @Get(':id/document.docx')
  async docx(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.releases.document(user, id, 'docx', { clientIp: req.ip ?? null }));
  }

  @Get(':id/document.html')
  async html(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidParam()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.releases.document(user, id, 'html', { clientIp: req.ip ?? null }));
  }
}
