import { ApiProperty } from '@nestjs/swagger';

/** The login answer, for the API docs. */
export class AccessTokenDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;
}
