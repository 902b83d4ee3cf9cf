import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class DeclaredConflictDto {
  @ApiProperty({ enum: ['organization', 'person'] })
  @IsIn(['organization', 'person'])
  kind: 'organization' | 'person';

  @ApiProperty({ example: '某某科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '曾任该公司技术顾问' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ExpertProfileDto {
  @ApiProperty({ example: ['integratedCircuits'], description: 'keys of /api/reference/domains' })
  @IsArray()
  @ArrayMaxSize(15)
  @IsString({ each: true })
  domains: string[];

  @ApiPropertyOptional({ example: '研究员' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  title?: string;

  @ApiPropertyOptional({ example: '某某控股集团', description: '所在单位的上级单位或所属集团' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  parentOrganization?: string;

  @ApiProperty({ type: [DeclaredConflictDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeclaredConflictDto)
  declaredConflicts: DeclaredConflictDto[];

  @ApiProperty({ example: true })
  @IsBoolean()
  active: boolean;
}

export class ExpertFlagDto {
  @ApiProperty({ example: '评审意见与评分明显不符' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  achievementId?: string;
}
