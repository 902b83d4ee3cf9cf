import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({
    description:
      'At least 12 characters, three of lower/upper/digit/symbol, not the user name, not a common password or keyboard walk',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword: string;
}

export class SecondFactorCodeDto {
  @ApiProperty({ description: 'The six digits of the authenticator app' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code: string;
}

export class ReenrolmentConfirmDto {
  @ApiProperty({ description: 'The `pending` of POST /api/auth/second-factor/reenrolment' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  pending: string;

  @ApiProperty({ description: 'The six digits of the new authenticator' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code: string;
}

export class SecondFactorLoginDto {
  @ApiProperty({ description: 'The challenge the login answered' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  challenge: string;

  @ApiProperty({ description: 'Six digits of the authenticator app, or an unused recovery code' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code: string;
}
