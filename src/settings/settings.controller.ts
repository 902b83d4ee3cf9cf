import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ScoringPolicy } from '../../workflows/achievement-scoring';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { ScoringPolicyDto } from './dto/scoring-policy.dto';
import type { Rubric } from './rubric';
import { ReleasePolicyDto } from './dto/release-policy.dto';
import { SettingsService, type ReleasePolicy } from './settings.service';
import { DocumentSettingsService } from './document-settings.service';
import type { OfficialDocumentSettings } from '../common/official-document/official-settings';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly documents: DocumentSettingsService,
  ) {}

  @Get('scoring')
  scoring(): Promise<ScoringPolicy> {
    return this.settings.scoringPolicy();
  }

  @Roles('admin')
  @Put('scoring')
  setScoring(
    @Body() body: ScoringPolicyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ScoringPolicy> {
    return this.settings.setScoringPolicy(body, user.id);
  }

  /** The rubric experts read while scoring: each criterion's description and score anchors. */
  @Get('rubric')
  rubric(): Promise<Rubric> {
    return this.settings.rubric();
  }

  @Roles('admin')
  @Put('rubric')
  setRubric(@Body() body: Record<string, unknown>, @CurrentUser() user: AuthUser): Promise<Rubric> {
    return this.settings.setRubric(body, user.id);
  }

  @Get('releases')
  releases(): Promise<ReleasePolicy> {
    return this.settings.releasePolicy();
  }

  /** The four-eyes rule for editions (on by default); only an admin changes it. */
  @Roles('admin')
  @Put('releases')
  setReleases(
    @Body() body: ReleasePolicyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReleasePolicy> {
    return this.settings.setReleasePolicy(body, user.id);
  }

  /** The offices and default 报/抄送 lists printed on issued documents. */
  @Roles('officeStaff', 'admin')
  @Get('documents')
  documentSettings(): Promise<OfficialDocumentSettings> {
    return this.documents.get();
  }

  /** The office changes any of them; each field's problem comes back with 400. */
  @Roles('officeStaff', 'admin')
  @Put('documents')
  setDocumentSettings(
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
  ): Promise<OfficialDocumentSettings> {
    return this.documents.set(body, user.id);
  }
}
