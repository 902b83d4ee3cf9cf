import { Module } from '@nestjs/common';
import { PublicCatalogueController } from './public-catalogue.controller';
import { PublicCatalogueService } from './public-catalogue.service';

@Module({
  controllers: [PublicCatalogueController],
  providers: [PublicCatalogueService],
  exports: [PublicCatalogueService],
})
export class PublicModule {}
