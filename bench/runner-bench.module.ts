import { Module, type DynamicModule } from '@nestjs/common';
import { SystemClock } from '../src/common/clock';
import type { AppConfig } from '../src/config/app-config';
import { CoreModule } from '../src/config/core.module';
import { DatabaseModule } from '../src/orm/database.module';
import { WorkflowModule } from '../src/workflow/workflow.module';

/**
 * What WorkflowRunner needs and nothing else: config and clock, the database (same options,
 * pragmas and migrations as the application) and the workflow module. No feature module, so no
 * transition listener runs: the like-for-like counterpart of the bpmn-engine peer.
 */
@Module({})
export class RunnerBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RunnerBenchModule,
      imports: [
        CoreModule.forRoot(config, new SystemClock()),
        DatabaseModule.forRoot(config),
        WorkflowModule,
      ],
    };
  }
}
