import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type, type TypeHelpOptions } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  LEVEL_CLAIMS,
  type Category,
  type LevelClaim,
} from '../../reference/achievement-category';

export class CompletingUnitDto {
  @ApiProperty({ example: '某某科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '某某控股集团', description: '上级单位或所属集团(用于专家回避)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  parent?: string;
}

export class CompleterDto {
  @ApiProperty({ example: '李四' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '某某科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  unit: string;

  @ApiPropertyOptional({ example: '研究员' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  title?: string;
}

export class IpDeclarationDto {
  @ApiProperty({ example: '某某科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owner: string;

  @ApiProperty({ example: ['ZL202310000000.1'] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  patents: string[];

  /** The unit declares ownership is undisputed; an item with a known dispute cannot be filed. */
  @ApiProperty({ example: true })
  @Equals(true, { message: '必须确认知识产权权属清晰、无争议' })
  noDispute: boolean;
}

export class PaperDto {
  @ApiProperty({ example: 'Nature' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  journal: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(1900)
  @Max(2100)
  year: number;

  @ApiProperty({ example: '10.1038/s41586-026-00000-0' })
  @Matches(/^10\.\d{4,9}\/\S+$/, { message: '必须是有效的 DOI(以 10. 开头)' })
  doi: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;
}

export class BasicResearchEvidenceDto {
  @ApiProperty({ type: [PaperDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaperDto)
  papers: PaperDto[];
}

export class TechBreakthroughEvidenceDto {
  @ApiProperty({ example: '进口碳化硅MOSFET', description: 'The chokepoint or import it replaces' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  replaces: string;

  @ApiProperty({ example: '已量产,年销售额2亿元', description: 'Industrialisation evidence' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  industrialization: string;
}

export class MajorApplicationEvidenceDto {
  @ApiProperty({
    example: '某国家重大科技基础设施',
    description: 'The national project or facility',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  project: string;

  @ApiProperty({ example: '作为核心部件应用于…', description: 'How it is used there' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  usage: string;
}

/** An object that must be one of the category shapes; used when the category is missing or wrong. */
class UnknownEvidenceDto {}

const EVIDENCE_BY_CATEGORY: Record<Category, new () => object> = {
  basicResearch: BasicResearchEvidenceDto,
  techBreakthrough: TechBreakthroughEvidenceDto,
  majorApplication: MajorApplicationEvidenceDto,
};

/** Picks the evidence shape from the sibling `category`, so each category is checked by its own rules. */
export function evidenceTypeFor(options?: TypeHelpOptions): new () => object {
  const category = (options?.object as { category?: Category } | undefined)?.category;
  return (category && EVIDENCE_BY_CATEGORY[category]) || UnknownEvidenceDto;
}

/** The full record of an achievement, as created; PATCH merges into it and validates the result. */
export class AchievementRecordDto {
  @ApiProperty({ example: '高性能碳化硅功率芯片' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary: string;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category: Category;

  @ApiProperty({ description: 'A key from GET /api/reference/domains' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  domain: string;

  @ApiProperty({ enum: LEVEL_CLAIMS })
  @IsIn(LEVEL_CLAIMS)
  levelClaim: LevelClaim;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  breaksMonopoly?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  fillsGap?: boolean;

  @ApiProperty({ type: [CompletingUnitDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CompletingUnitDto)
  completingUnits: CompletingUnitDto[];

  @ApiProperty({ type: [CompleterDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CompleterDto)
  completers: CompleterDto[];

  @ApiProperty({ type: IpDeclarationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => IpDeclarationDto)
  ip: IpDeclarationDto;

  @ApiProperty({
    description:
      'basicResearch: {papers:[{journal,year,doi}]}; techBreakthrough: {replaces, industrialization}; majorApplication: {project, usage}',
  })
  @IsObject()
  @ValidateNested()
  @Type(evidenceTypeFor)
  evidence: BasicResearchEvidenceDto | TechBreakthroughEvidenceDto | MajorApplicationEvidenceDto;
}
