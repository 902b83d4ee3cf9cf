import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { UploadedBinary } from '../attachments/attachments.service';
import { UploadErrorsInterceptor } from '../attachments/upload-errors.interceptor';
import { CurrentUser, Roles } from '../access/auth.decorators';
import type { AuthUser } from '../access/auth-user';
import { uuidParam } from '../common/uuid-param';
import { FormTeamDto, RecordFindingsDto, ScheduleVisitDto } from './dto/verification.dto';
import { VerificationService, type VerificationView } from './verification.service';

const achievementId = uuidParam('成果');

/**
 * On-site verification. Office routes need the officeStaff role; team routes are open to office
 * staff and experts, and the service checks the caller is on this item's team. The owning unit
 * reads the team and schedule of its own item.
 */
@ApiTags('verification')
@ApiBearerAuth()
@Controller('api/verification/items/:id')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Roles('officeStaff', 'admin', 'expert', 'submitter')
  @Get()
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
  ): Promise<VerificationView> {
    return this.verification.get(user, id);
  }

  @Roles('officeStaff')
  @Put('team')
  formTeam(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: FormTeamDto,
  ): Promise<VerificationView> {
    return this.verification.formTeam(user, id, body);
  }

  @Roles('officeStaff')
  @Put('schedule')
  schedule(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: ScheduleVisitDto,
  ): Promise<VerificationView> {
    return this.verification.schedule(user, id, body);
  }

  @Roles('officeStaff', 'expert')
  @Post('photos')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'JPEG 或 PNG' } },
    },
  })
  // The size limit and the other multer options come from MulterModule in VerificationModule.
  @UseInterceptors(UploadErrorsInterceptor, FileInterceptor('file'))
  addPhoto(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @UploadedFile() file: UploadedBinary | undefined,
  ): Promise<VerificationView> {
    return this.verification.addPhoto(user, id, file);
  }

  @Roles('officeStaff', 'expert')
  @Post('findings')
  @HttpCode(201)
  recordFindings(
    @CurrentUser() user: AuthUser,
    @Param('id', achievementId) id: string,
    @Body() body: RecordFindingsDto,
  ): Promise<VerificationView> {
    return this.verification.recordFindings(user, id, body);
  }
}
