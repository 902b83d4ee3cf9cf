import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EDITION_KINDS, type EditionKind } from '../release-edition.entity';

export class CreateEditionDto {
  @ApiProperty({ enum: EDITION_KINDS })
  @IsIn(EDITION_KINDS)
  kind: EditionKind;

  @ApiProperty({
    example: '2026-11',
    description: 'monthly YYYY-MM, quarterly YYYY-Qn, annual YYYY',
  })
  @IsString()
  @Matches(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, {
    message: '必须是 YYYY-MM(月报)、YYYY-Qn(季度)或 YYYY(年度)格式',
  })
  period: string;
}

export class VersionDto {
  @ApiProperty({ description: 'The version the caller saw; a mismatch answers 409' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

export class EventDetailsDto {
  @ApiPropertyOptional({ example: '2026-12-18' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  date?: string;

  @ApiPropertyOptional({ example: '杭州国际博览中心' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  coHosts?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  linkedActivities?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  presenters?: string[];
}

export class UpdateEditionDto extends VersionDto {
  @ApiPropertyOptional({ type: [String], example: ['省委办公厅', '省政府办公厅'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  distributionList?: string[];

  /** 抄送: who receives a copy; an empty list prints none, null restores the office's default. */
  @ApiPropertyOptional({ type: [String], nullable: true, example: ['科技部', '各设区市科技局'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  copyList?: string[] | null;

  @ApiPropertyOptional({ type: EventDetailsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventDetailsDto)
  eventDetails?: EventDetailsDto;
}

export class EditionItemDto {
  @ApiProperty()
  @IsUUID('4')
  achievementId: string;

  @ApiPropertyOptional({ example: '打破国外垄断,实现车规级量产。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  blurb?: string;

  @ApiPropertyOptional({ description: 'annual list: picked for the list (default true)' })
  @IsOptional()
  @IsBoolean()
  selected?: boolean;
}

export class SetEditionItemsDto extends VersionDto {
  @ApiProperty({ type: [EditionItemDto], description: 'the whole list, in print order' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EditionItemDto)
  items: EditionItemDto[];
}

export class ListEditionsQuery {
  @ApiPropertyOptional({ enum: EDITION_KINDS })
  @IsOptional()
  @IsIn(EDITION_KINDS)
  kind?: EditionKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  year?: number;
}

export const VOTES_PER_EXPERT = 20;

export class BallotDto {
  @ApiProperty({ description: 'shortlisted achievements the expert votes for' })
  @IsArray()
  @ArrayMaxSize(VOTES_PER_EXPERT)
  @ArrayUnique()
  @IsUUID('4', { each: true })
  achievementIds: string[];
}

export class CloseVoteDto extends VersionDto {
  @ApiPropertyOptional({ description: 'how many make the list (default 20)', default: 20 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;
}
