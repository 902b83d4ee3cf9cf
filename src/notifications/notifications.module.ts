import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { DecisionNotifier } from './decision-notifier.service';
import { EmailDispatchJob } from './email-dispatch.job';
import { EmailDispatcher } from './email-dispatcher.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';

@Module({
  imports: [WorkflowModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationsRepository,
    OutboxRepository,
    EmailDispatcher,
    EmailDispatchJob,
    DecisionNotifier,
  ],
  exports: [NotificationsService, EmailDispatcher, DecisionNotifier],
})
export class NotificationsModule {}
