import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, STATES } from '../../../workflows/achievement.machine';

/** What creating an item or sending it an event answers, for the API docs. */
export class TransitionViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: STATES, example: 'draft' })
  state: string;

  @ApiProperty({ example: 1, description: 'Send it back as expectedVersion' })
  version: number;

  @ApiProperty({
    enum: EVENT_TYPES,
    isArray: true,
    example: ['SUBMIT', 'WITHDRAW'],
    description: 'The events the caller may send now',
  })
  allowedEvents: string[];
}
