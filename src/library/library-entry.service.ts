import { Injectable } from '@nestjs/common';
import type { AchievementContext } from '../../workflows/achievement.machine';
import { Clock } from '../common/clock';
import { shanghaiDay } from '../common/shanghai-time';
import type { Tx } from '../database/tx';
import type { TransitionResult } from '../workflow/workflow-runner.service';
import { LibraryRepository } from './library.repository';

/** Opens an item's library entry when it enters the library. */
@Injectable()
export class LibraryEntryService {
  constructor(
    private readonly entries: LibraryRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Declared in src/workflow-reactions.ts: the entry is written with the transition into the
   * library, whoever sends it; an item that comes back from a dispute keeps its original entry.
   */
  async enter(tx: Tx, result: TransitionResult): Promise<void> {
    if (result.state !== 'inLibrary' || result.fromState === 'inLibrary') return;
    if (await this.entries.hasEntry(tx, result.id)) return;
    const context = (result.snapshot as { context: AchievementContext }).context;
    const at = this.clock.now();
    this.entries.addEntry(tx, {
      achievementId: result.id,
      enteredAt: at,
      enteredYear: Number(shanghaiDay(at).slice(0, 4)),
      score: context.aggregate,
    });
  }
}
