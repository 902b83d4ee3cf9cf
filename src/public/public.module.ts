import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { PublicCatalogueController } from './public-catalogue.controller';
import { PublicCatalogueService } from './public-catalogue.service';
import { PublicSearchIndexService } from './public-search-index.service';

@Module({
  imports: [WorkflowModule],
  controllers: [PublicCatalogueController],
  providers: [PublicCatalogueService, PublicSearchIndexService],
  exports: [PublicCatalogueService],
})
export class PublicModule {}
