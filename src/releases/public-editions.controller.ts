import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../access/auth.decorators';
import { uuidParam } from '../common/uuid-param';
import { sendDocument } from './releases.controller';
import { ReleasesService, type PublicEditionView } from './releases.service';
import { PublicRateLimit } from '../common/rate-limit';

/** Issued editions for everyone: public item fields and the documents as issued. */
@ApiTags('public')
@Public()
@PublicRateLimit()
@Controller('api/public/editions')
export class PublicEditionsController {
  constructor(private readonly releases: ReleasesService) {}

  @Get()
  list(): Promise<PublicEditionView[]> {
    return this.releases.publicList();
  }

  @Get(':id')
  get(@Param('id', uuidParam()) id: string): Promise<PublicEditionView> {
    return this.releases.publicGet(id);
  }

  @Get(':id/document.docx')
  async docx(@Param('id', uuidParam()) id: string, @Res() res: Response): Promise<void> {
    sendDocument(res, await this.releases.publicDocument(id, 'docx'));
  }

  @Get(':id/document.html')
  async html(@Param('id', uuidParam()) id: string, @Res() res: Response): Promise<void> {
    sendDocument(res, await this.releases.publicDocument(id, 'html'));
  }
}
