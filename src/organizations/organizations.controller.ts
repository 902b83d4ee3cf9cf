import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/auth.decorators';
import { ApiErrors } from '../common/api-errors';
import { CreateOrganizationDto } from './dto/create-organization.dto';
import { OrganizationsService, type OrganizationView } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('api/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Roles('admin')
  @Post()
  @ApiErrors({ 400: true, 403: true, 409: 'An organisation of that name exists' })
  create(@Body() body: CreateOrganizationDto): Promise<OrganizationView> {
    return this.organizations.create(body);
  }

  /** Names and the reporting chain are not secret; every signed-in user may read them. */
  @Get()
  list(): Promise<OrganizationView[]> {
    return this.organizations.list();
  }
}
