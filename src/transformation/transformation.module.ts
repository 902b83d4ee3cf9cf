import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { SecurityLogModule } from '../security-log/security-log.module';
import { UsersModule } from '../users/users.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { CooperationTimers } from './cooperation-timers';
import { CooperationService } from './cooperation.service';
import { OffersService } from './offers.service';
import { PartnersService } from './partners.service';
import { TransformationController } from './transformation.controller';
import { TransformationRepository } from './transformation.repository';

/** 成果转化: partners, transfer offers and cooperation requests (docs/transformation.md). */
@Module({
  imports: [NotificationsModule, SchedulingModule, SecurityLogModule, UsersModule, WorkflowModule],
  controllers: [TransformationController],
  providers: [
    TransformationRepository,
    PartnersService,
    OffersService,
    CooperationService,
    CooperationTimers,
  ],
  exports: [PartnersService, OffersService, CooperationService],
})
export class TransformationModule {}
