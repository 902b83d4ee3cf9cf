import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService, type AuditView, type VerifyResult } from './audit.service';
import { ApiErrors } from '../common/api-errors';
import { AuditQueryDto } from './dto/audit-query.dto';
import { VerifyResultDto } from './dto/verify-result.view';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('officeStaff', 'auditAdmin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  search(
    @Query() query: AuditQueryDto,
  ): Promise<{ items: AuditView[]; nextCursor: string | null }> {
    return this.audit.search({ ...query, afterId: query.cursor });
  }

  @Get('verify')
  @ApiOkResponse({ type: VerifyResultDto, description: 'Every chain recomputed' })
  @ApiErrors({ 403: true })
  verify(): Promise<VerifyResult> {
    return this.audit.verify();
  }
}
