import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ORGANIZATION_TYPES, type OrganizationType } from '../../reference/organization-type';

export class CreateOrganizationDto {
  @ApiProperty({ example: '杭州市科学技术局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_TYPES })
  @IsIn(ORGANIZATION_TYPES)
  type: OrganizationType;

  @ApiProperty({ example: '杭州', description: 'One of the 11 cities (GET /api/reference/cities)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  city: string;

  @ApiPropertyOptional({ example: '西湖区' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  county?: string;

  @ApiPropertyOptional({
    description: 'The bureau this body reports through; omit to report to the province directly',
  })
  @IsOptional()
  @IsUUID()
  reportsThroughId?: string;
}
