import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY,
  ACHIEVEMENT_MACHINE_VERSION,
  achievementMachine,
} from '../../workflows/achievement.machine';
import {
  describeMachine,
  toMermaid,
  type MachineDescription,
} from '../workflow/machine-description';
import { ACHIEVEMENT_DIAGRAM_LABELS, EVENT_LABELS, STATE_LABELS } from './achievement-labels';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class AchievementWorkflowController {
  private readonly achievement = (() => {
    const description = describeMachine(achievementMachine);
    return {
      ...description,
      version: ACHIEVEMENT_MACHINE_VERSION,
      stateLabels: STATE_LABELS,
      eventLabels: EVENT_LABELS,
      authority: AUTHORITY,
      mermaid: toMermaid(description, ACHIEVEMENT_DIAGRAM_LABELS),
    };
  })();

  /** States, transitions, who may send what, and a Mermaid diagram: everything a client draws from. */
  @Get('achievement')
  achievementWorkflow(): MachineDescription & Record<string, unknown> {
    return this.achievement;
  }
}
