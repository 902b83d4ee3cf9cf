import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BrokenLinkDto {
  @ApiProperty()
  instanceId: string;

  @ApiProperty({ description: 'Sequence number of the first bad row in its chain' })
  seq: number;

  @ApiProperty({ nullable: true, type: String, description: 'null when a row is missing' })
  auditId: string | null;

  @ApiProperty({ example: '记录内容与哈希不符(可能被篡改)' })
  reason: string;
}

/** The answer of GET /api/audit/verify, for the API docs. */
export class VerifyResultDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ description: 'Audit rows checked (before the first bad one, if any)' })
  checked: number;

  @ApiPropertyOptional({ type: BrokenLinkDto, description: 'Only when ok is false' })
  firstBroken?: BrokenLinkDto;
}
