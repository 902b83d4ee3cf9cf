import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** SUBMIT_SCORE data; the criteria are checked against the item's scoring policy in the service. */
export class ScoreDataDto {
  @IsObject()
  scores: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  /** Optional comment per criterion, keyed like `scores`; checked against the policy in the service. */
  @IsOptional()
  @IsObject()
  criterionComments?: Record<string, unknown>;
}
