import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditService, type AuditView, type VerifyResult } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('officeStaff', 'admin')
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
  verify(): Promise<VerifyResult> {
    return this.audit.verify();
  }
}
