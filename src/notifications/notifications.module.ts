import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { DecisionNotifier } from './decision-notifier.service';
import { EmailDispatchJob } from './email-dispatch.job';
import { EmailDispatcher } from './email-dispatcher.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [WorkflowModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, EmailDispatcher, EmailDispatchJob, DecisionNotifier],
  exports: [NotificationsService, EmailDispatcher, DecisionNotifier],
})
export class NotificationsModule {}
