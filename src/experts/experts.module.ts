import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { CreditRepository } from './credit.repository';
import { CreditService } from './credit.service';
import { EvaluationRecords } from './evaluation-records';
import { ExpertPoolService } from './expert-pool.service';
import { ExpertsController } from './experts.controller';
import { ExpertsRepository } from './experts.repository';
import { ExpertsService } from './experts.service';

/**
 * The expert pool: profiles, flags, credit and each expert's record. The evaluation imports it to
 * seat panels and lends it the evaluation's records (EvaluationRecords) in return.
 */
@Module({
  imports: [ReferenceModule],
  controllers: [ExpertsController],
  providers: [
    ExpertsRepository,
    CreditRepository,
    ExpertPoolService,
    CreditService,
    ExpertsService,
    EvaluationRecords,
  ],
  exports: [ExpertPoolService, CreditService, ExpertsService, EvaluationRecords],
})
export class ExpertsModule {}
