import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../access/auth.decorators';
import { ApiErrors } from '../common/api-errors';
import { NotFoundError } from '../common/domain-errors';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditService, type AuditView } from './audit.service';
import { AuditVerifier, type VerifyResult } from './audit-verifier';
import { AuditQueryDto } from './dto/audit-query.dto';
import { VerifyResultDto } from './dto/verify-result.view';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('officeStaff', 'auditAdmin')
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  @Get()
  search(
    @Query() query: AuditQueryDto,
  ): Promise<{ items: AuditView[]; nextCursor: string | null }> {
    return this.audit.search({ ...query, afterId: query.cursor });
  }

  @Get('verify')
  @ApiOkResponse({ type: VerifyResultDto, description: 'Every chain recomputed and replayed' })
  @ApiErrors({ 403: true })
  verify(): Promise<VerifyResult> {
    return this.verifier.verify();
  }

  /**
   * The newest signed checkpoint (the head of every chain), as a file to archive or publish; its
   * fingerprint (SHA-256 or SM3 of the file's canonical JSON) is in X-Checkpoint-Fingerprint.
   */
  @Get('checkpoints/latest')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The newest signed checkpoint file' })
  @ApiErrors({ 403: true, 404: true })
  latestCheckpoint(@Res() res: Response): void {
    const latest = this.checkpoints.latest();
    if (!latest) throw new NotFoundError('尚未生成审计检查点');
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-checkpoint-${latest.checkpoint.day}.json"`,
    );
    res.setHeader('X-Checkpoint-Fingerprint', latest.fingerprint);
    res.send(`${JSON.stringify(latest.checkpoint, null, 1)}\n`);
  }
}
