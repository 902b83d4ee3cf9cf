import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BrokenLinkDto {
  @ApiProperty({ description: 'The instance whose chain breaks ("" for the checkpoint itself)' })
  instanceId: string;

  @ApiProperty({ description: 'Sequence number of the bad row in its chain' })
  seq: number;

  @ApiProperty({ nullable: true, type: String, description: 'null when a row is missing' })
  auditId: string | null;

  @ApiProperty({ example: '记录内容与哈希不符(可能被篡改)' })
  reason: string;

  @ApiPropertyOptional({
    description: 'Absent for the workflow trail; `checkpoint` or another store’s name otherwise',
  })
  store?: string;
}

export class CheckpointSummaryDto {
  @ApiProperty({ example: '2026-12-07' })
  day: string;

  @ApiProperty()
  at: string;

  @ApiProperty({ description: 'Signature holds and every chain still reaches its recorded head' })
  ok: boolean;
}

/** The answer of GET /api/audit/verify, for the API docs. */
export class VerifyResultDto {
  @ApiProperty()
  ok: boolean;

  @ApiProperty({ description: 'Audit rows checked: every row of every chain' })
  checked: number;

  @ApiPropertyOptional({
    type: BrokenLinkDto,
    description: 'The first of broken; only when ok is false',
  })
  firstBroken?: BrokenLinkDto;

  @ApiProperty({ type: [BrokenLinkDto], description: 'Every broken row or disagreement' })
  broken: BrokenLinkDto[];

  @ApiProperty({ description: 'Instances replayed through their machine and compared' })
  replayed: number;

  @ApiProperty({
    type: CheckpointSummaryDto,
    nullable: true,
    description: 'The newest signed checkpoint compared with; null when none was written yet',
  })
  checkpoint: CheckpointSummaryDto | null;
}
