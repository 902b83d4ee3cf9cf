import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ReleasePolicyDto {
  @ApiProperty({
    description: '四眼原则:提交刊期审核的人不能签发同一刊期',
    default: true,
  })
  @IsBoolean({ message: '必须是 true 或 false' })
  fourEyes: boolean;
}
