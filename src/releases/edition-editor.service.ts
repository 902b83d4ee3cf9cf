import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { assertOffice } from '../common/role-policy';
import { ConflictError, ForbiddenError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { EDITION_STATE_LABELS } from './edition-views';
import type { EditionState, ReleaseEdition } from './release-edition.entity';
import { ReleasesRepository } from './releases.repository';

/**
 * Who may work on editions, and the one way an edition is changed: every edit and every
 * transition of an edition runs in `mutate`, so the state check and the optimistic version hold
 * for all of them alike.
 */
@Injectable()
export class EditionEditor {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Office work is for the provincial office: the role, held by a user of a provincial department. */
  async assertOffice(user: AuthUser): Promise<void> {
    assertOffice(user, '只有省科技厅成果处可以管理发布刊期');
    if ((await this.editions.organizationTypeOf(user.organizationId)) !== 'provincialDepartment') {
      throw new ForbiddenError('只有省级主管部门的工作人员可以管理发布刊期');
    }
  }

  /**
   * One edit of an edition: in a transaction, checks the state and version, moves the version on
   * with an UPDATE conditional on it (so of two concurrent editors one gets 409, and on PostgreSQL
   * the row stays locked until commit), then applies the work and its changes. A transition sends
   * its event to the runner inside `work`, in this transaction.
   */
  async mutate(
    id: string,
    expectedVersion: number,
    allowed: EditionState[],
    work: (tx: Tx, edition: ReleaseEdition) => Promise<Partial<ReleaseEdition>>,
  ): Promise<void> {
    await this.transactions.run(async (tx) => {
      const edition = await this.editions.load(tx, id);
      if (edition.state === 'issued') {
        throw new ConflictError('该刊期已签发,不能再修改;如需更正,请新建更正刊期', {
          state: edition.state,
        });
      }
      if (!allowed.includes(edition.state)) {
        throw new ConflictError(
          `刊期当前为「${EDITION_STATE_LABELS[edition.state]}」,不能执行该操作`,
          { state: edition.state },
        );
      }
      const stale = () =>
        new ConflictError('该刊期已被他人修改,请刷新后重试', {
          currentVersion: edition.version,
        });
      if (edition.version !== expectedVersion) throw stale();
      if (!(await this.editions.claimVersion(tx, id, expectedVersion, this.clock.now()))) {
        throw stale();
      }
      await this.editions.update(tx, id, await work(tx, edition));
    });
  }
}
