import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CONCLUSIONS, type Conclusion } from '../verification-visit.entity';

export class FormTeamDto {
  @ApiProperty({ description: 'user ids: office staff and experts, at least one expert' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  members: string[];
}

export class ScheduleVisitDto {
  @ApiProperty({ example: '2026-11-20', description: 'day of the visit, Asia/Shanghai' })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '日期格式应为 YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: '杭州市滨江区某某路 1 号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  place: string;
}

export class ChecklistEntryDto {
  @ApiProperty({ example: '生产线与申报材料一致' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  item: string;

  @ApiProperty()
  @IsBoolean()
  passed: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RecordFindingsDto {
  @ApiProperty({ type: [ChecklistEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChecklistEntryDto)
  checklist: ChecklistEntryDto[];

  @ApiProperty({ description: 'the team’s narrative of the visit' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  narrative: string;

  @ApiProperty({ enum: CONCLUSIONS })
  @IsIn(CONCLUSIONS)
  conclusion: Conclusion;
}
