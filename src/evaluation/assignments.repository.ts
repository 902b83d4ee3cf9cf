import { Injectable } from '@nestjs/common';
import { Achievement } from '../achievements/achievement.entity';
import { emOf, type Tx } from '../database/tx';
import { ExpertAssignment, type AssignmentStatus } from './expert-assignment.entity';

/** A new seat as the tracker opens it. */
export type NewSeat = Pick<
  ExpertAssignment,
  'achievement' | 'round' | 'status' | 'source' | 'assignedAt' | 'dueAt'
> & { expert: string };

/**
 * The seat rows the tracker keeps in step with the panel, in the transaction of the panel's
 * event: the item's seats, one expert's seat of a round, new seats, and the flush at the end.
 * Every method runs in the caller's transaction, so it needs no EntityManager of its own.
 */
@Injectable()
export class AssignmentsRepository {
  item(tx: Tx, id: string): Promise<Achievement> {
    return emOf(tx).findOneOrFail(Achievement, id);
  }

  /** The item's seats in the given states. */
  seatsOf(
    tx: Tx,
    itemId: string,
    statuses: readonly AssignmentStatus[],
  ): Promise<ExpertAssignment[]> {
    return emOf(tx).find(
      ExpertAssignment,
      statuses.length === 1
        ? { achievement: itemId, status: statuses[0] }
        : { achievement: itemId, status: { $in: [...statuses] } },
    );
  }

  /** The expert's seat on the item in the round, in the given state. */
  seatOf(
    tx: Tx,
    itemId: string,
    expertId: string,
    round: number,
    status: AssignmentStatus,
  ): Promise<ExpertAssignment | null> {
    return emOf(tx).findOne(ExpertAssignment, {
      achievement: itemId,
      expert: expertId,
      round,
      status,
    });
  }

  /** A seat with its item, for the reminder. */
  seatWithItem(tx: Tx, id: string): Promise<ExpertAssignment | null> {
    return emOf(tx).findOne(ExpertAssignment, id, { populate: ['achievement'] });
  }

  /** A new seat, written with the rest of the transition's changes. */
  open(tx: Tx, seat: NewSeat): ExpertAssignment {
    return emOf(tx).create(ExpertAssignment, seat);
  }

  flush(tx: Tx): Promise<void> {
    return emOf(tx).flush();
  }
}
