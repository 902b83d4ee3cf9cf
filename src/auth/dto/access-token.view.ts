import { ApiPropertyOptional } from '@nestjs/swagger';

/** The login answer, for the API docs. */
export class AccessTokenDto {
  @ApiPropertyOptional({
    description:
      'Send as `Authorization: Bearer <accessToken>`; absent when a second factor is required',
  })
  accessToken?: string;

  @ApiPropertyOptional({ description: 'True when the code of the second factor must follow' })
  secondFactorRequired?: true;

  @ApiPropertyOptional({
    description: 'Send with the code to POST /api/auth/login/second-factor (valid 5 minutes)',
  })
  challenge?: string;
}
