import { ApiProperty } from '@nestjs/swagger';

/** One open session of the caller, for the API docs. */
export class SessionDto {
  @ApiProperty({ description: 'The session id (the `sid` of its token)' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'Updated at most once a minute' })
  lastSeenAt: string;

  @ApiProperty({ format: 'date-time', description: 'The absolute end (JWT_TTL after login)' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time', description: 'When it ends unless used again' })
  idleExpiresAt: string;

  @ApiProperty({ type: String, nullable: true })
  clientIp: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({ description: 'The session this request was made with' })
  current: boolean;
}

export class RevokedSessionsDto {
  @ApiProperty({ description: 'How many sessions ended' })
  revoked: number;
}
