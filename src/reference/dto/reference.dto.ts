import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

export const HIGHLANDS = ['互联网+', '生命健康', '新材料'] as const;

export class CreateDomainDto {
  @ApiProperty({ example: 'artificialIntelligence' })
  @Matches(/^[a-z][A-Za-z0-9]{1,63}$/, { message: '必须是以小写字母开头的英文标识' })
  key: string;

  @ApiProperty({ example: '人工智能' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: HIGHLANDS })
  @IsIn(HIGHLANDS)
  highland: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  provisional?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  sortOrder?: number;
}

export class UpdateDomainDto extends PartialType(OmitType(CreateDomainDto, ['key'] as const)) {}

export class UpdateLabelDto {
  @ApiPropertyOptional({ example: '技术突破类' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  sortOrder?: number;
}
