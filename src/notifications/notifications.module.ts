import { Module } from '@nestjs/common';
import { EmailDispatchJob } from './email-dispatch.job';
import { EmailDispatcher } from './email-dispatcher.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, EmailDispatcher, EmailDispatchJob],
  exports: [NotificationsService, EmailDispatcher],
})
export class NotificationsModule {}
