import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/auth.decorators';
import { MoveClockDto } from './dto/move-clock.dto';
import { SimulatedClockService } from './simulated-clock.service';

@ApiTags('simulation')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin/clock')
export class SimulatedClockController {
  constructor(private readonly clock: SimulatedClockService) {}

  @Get()
  now(): { now: string; simulated: boolean } {
    return this.clock.now();
  }

  /** Moves the simulated clock forward and runs the cycles that fall due on the way. */
  @Post()
  @HttpCode(200)
  move(@Body() body: MoveClockDto): Promise<{ now: string; fired: number }> {
    return this.clock.move(body.to, body.advanceDays);
  }
}
