import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/auth.decorators';
import { ApiErrors } from '../common/api-errors';
import { InvalidInputError } from '../common/domain-errors';
import { securityEventLabel } from './security-event-kinds';
import { describeSecurityDetail } from './security-event-describe';
import { parseCursor, parseSecurityFilters } from './security-log-search';
import { SecurityLogRepository } from './security-log.repository';
import { SecurityLogService, type SecurityVerifyResult } from './security-log.service';

const PAGE = 100;

/**
 * The security log for the audit administrator (审计管理员): search it and check its chain. Read
 * only; the export is GET /api/security-log/export (src/exports).
 */
@ApiTags('security-log')
@ApiBearerAuth()
@Roles('auditAdmin')
@Controller('api/security-log')
export class SecurityLogController {
  constructor(
    private readonly repository: SecurityLogRepository,
    private readonly log: SecurityLogService,
  ) {}

  @Get()
  @ApiQuery({ name: 'kind', required: false, description: 'An event kind' })
  @ApiQuery({ name: 'username', required: false, description: 'The account concerned, any case' })
  @ApiQuery({ name: 'actor', required: false, description: 'Part of the acting user’s name' })
  @ApiQuery({ name: 'ip', required: false, description: 'The client address' })
  @ApiQuery({ name: 'from', required: false, description: 'First day (YYYY-MM-DD, Beijing)' })
  @ApiQuery({ name: 'to', required: false, description: 'Last day (YYYY-MM-DD, Beijing)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiErrors({ 400: true, 403: true })
  async search(@Query() raw: Record<string, unknown>) {
    const { search, errors } = parseSecurityFilters(raw);
    if (raw.cursor !== undefined && parseCursor(raw.cursor) === undefined) {
      errors.cursor = ['分页标记无效'];
    }
    if (Object.keys(errors).length) throw new InvalidInputError(errors, '查询条件有误');
    const page = await this.repository.page(search, PAGE, parseCursor(raw.cursor));
    return {
      entries: page.rows.map((r) => ({
        ...r,
        kindLabel: securityEventLabel(r.kind),
        description: describeSecurityDetail(r.kind, r.detail),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Walks the whole chain; lists every entry that does not hold. */
  @Get('verify')
  @ApiErrors({ 403: true })
  verify(): Promise<SecurityVerifyResult> {
    return this.log.verify();
  }
}
