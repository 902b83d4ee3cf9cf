import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class TopJournalDto {
  @ApiProperty({ example: 'Nature' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '0028-0836' })
  @Matches(/^\d{4}-\d{3}[\dX]$/, { message: 'ISSN 格式应为 1234-567X' })
  issn: string;

  @ApiProperty({ example: 'T1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  tier: string;
}

export class UpdateTopJournalDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{4}-\d{3}[\dX]$/, { message: 'ISSN 格式应为 1234-567X' })
  issn?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(20) tier?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}
