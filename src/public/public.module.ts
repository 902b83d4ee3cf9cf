import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicCatalogueController } from './public-catalogue.controller';
import { PublicCatalogueService } from './public-catalogue.service';
import { PublicSearchIndexService } from './public-search-index.service';
import { PublicSearchRepository } from './public-search.repository';

@Module({
  imports: [WorkflowModule],
  controllers: [PublicCatalogueController],
  providers: [PublicCatalogueService, PublicSearchIndexService, PublicSearchRepository],
  exports: [PublicCatalogueService],
})
export class PublicModule {}
