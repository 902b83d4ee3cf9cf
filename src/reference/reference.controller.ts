import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/auth.decorators';
import type { City } from './city.entity';
import { CreateDomainDto, UpdateDomainDto, UpdateLabelDto } from './dto/reference.dto';
import type { ReferenceLabel } from './reference-label.entity';
import { ReferenceService } from './reference.service';
import type { StrategicDomain } from './strategic-domain.entity';

@ApiTags('reference')
@ApiBearerAuth()
@Controller('api/reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  /** The strategic fields of the "315" system; `?all=true` includes retired ones. */
  @Get('domains')
  domains(@Query('all') all?: string): Promise<StrategicDomain[]> {
    return this.reference.domains(all === 'true');
  }

  @Roles('admin')
  @Post('domains')
  createDomain(@Body() body: CreateDomainDto): Promise<StrategicDomain> {
    return this.reference.createDomain(body);
  }

  @Roles('admin')
  @Patch('domains/:key')
  updateDomain(@Param('key') key: string, @Body() body: UpdateDomainDto): Promise<StrategicDomain> {
    return this.reference.updateDomain(key, body);
  }

  /** Display names of categories and organisation types; `?kind=category|organizationType`. */
  @Get('labels')
  labels(@Query('kind') kind?: string): Promise<ReferenceLabel[]> {
    return this.reference.labels(kind);
  }

  @Roles('admin')
  @Patch('labels/:kind/:key')
  updateLabel(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Body() body: UpdateLabelDto,
  ): Promise<ReferenceLabel> {
    return this.reference.updateLabel(kind, key, body);
  }

  @Get('cities')
  cities(): Promise<City[]> {
    return this.reference.cities();
  }
}
