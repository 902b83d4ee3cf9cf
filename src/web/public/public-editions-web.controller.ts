import { Controller, Get, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../access/auth.decorators';
import { NotFoundError } from '../../common/domain-errors';
import { ReleasesService } from '../../releases/releases.service';
import { uuid } from '../shared/web-http';
import { sendDocument } from '../editions/editions.controller';
import { PublicEditionListPage, PublicEditionPage } from './views/public-editions.page';
import { html } from '../shared/layout';
import { WebExceptionFilter } from '../shared/web-exception.filter';
import { PublicRateLimit } from '../../common/rate-limit';

/** Issued editions on the public platform, with their stored documents for download. */
@Public()
@UseFilters(WebExceptionFilter)
@PublicRateLimit()
@Controller('public/editions')
export class PublicEditionsWebController {
  constructor(private readonly releases: ReleasesService) {}

  @Get()
  async list(): Promise<string> {
    return html(PublicEditionListPage({ editions: await this.releases.publicList() }));
  }

  @Get(':id')
  async detail(@Param('id', uuid('刊物')) id: string): Promise<string> {
    return html(PublicEditionPage({ edition: await this.releases.publicGet(id) }));
  }

  @Get(':id/document.:format')
  async document(
    @Res() res: Response,
    @Param('id', uuid('刊物')) id: string,
    @Param('format') format: string,
  ) {
    if (format !== 'docx' && format !== 'html') throw new NotFoundError('文档格式不存在');
    sendDocument(res, await this.releases.publicDocument(id, format));
  }
}
