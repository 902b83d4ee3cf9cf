import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { toWorkflowActor, type AuthUser } from '../auth/auth-user';
import { CollectionService, type BatchCloseResult } from './collection.service';

@ApiTags('collection')
@ApiBearerAuth()
@Controller('api/collection')
export class CollectionController {
  constructor(private readonly collection: CollectionService) {}

  /** Closes a month's batch by hand: every `submitted` item of it moves to eligibility check. */
  @Roles('officeStaff')
  @Post('periods/:period/close')
  @HttpCode(200)
  close(@Param('period') period: string, @CurrentUser() user: AuthUser): Promise<BatchCloseResult> {
    return this.collection.closePeriod(period, toWorkflowActor(user));
  }
}
