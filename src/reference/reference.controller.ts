import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import type { City } from './city.entity';
import { CreateDomainDto, UpdateDomainDto } from './dto/domain.dto';
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

  @Get('cities')
  cities(): Promise<City[]> {
    return this.reference.cities();
  }
}
