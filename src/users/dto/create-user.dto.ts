import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsAcceptablePassword } from '../password-policy';
import { ROLES, type UserRole } from '../../../workflows/achievement.machine';

/**
 * The roles an administrator gives: every role but `partner`. A partner account is made only by
 * the organisation's own registration (src/transformation), with its credit code and the office's
 * approval, so an administrator cannot create one that skips both.
 */
export const STAFF_ROLES = ROLES.filter((role) => role !== 'partner');

export class CreateUserDto {
  @ApiProperty({ example: 'zhang' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: '只能包含字母、数字和 _ . -,长度 3–64' })
  username: string;

  @ApiProperty({
    example: 'S3cure-pass!',
    minLength: 10,
    description: 'At least 10 characters, three of lower/upper/digit/symbol, not the username',
  })
  @IsString()
  @IsAcceptablePassword()
  @MaxLength(200)
  password: string;

  @ApiProperty({ example: '张三' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;

  @ApiProperty()
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ example: 'zhang@example.org', description: 'For e-mail notifications' })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles: UserRole[];
}
