import { ApiProperty } from '@nestjs/swagger';

/** Response shapes, for the API docs. */
export class NotificationViewDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'reminder.deadline' })
  kind: string;

  @ApiProperty({ example: '成果报送截止提醒' })
  subject: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ nullable: true, type: String })
  link: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ nullable: true, type: Date })
  readAt: Date | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [NotificationViewDto] })
  items: NotificationViewDto[];

  @ApiProperty({ description: 'Unread notifications in the whole inbox' })
  unreadCount: number;

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class MarkAllReadDto {
  @ApiProperty({ description: 'How many notifications were marked read' })
  updated: number;
}
