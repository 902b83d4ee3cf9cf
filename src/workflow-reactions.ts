import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { achievementWorkflow } from './achievements/achievement-workflow.definition';
import { AssignmentTrackerService } from './evaluation/assignment-tracker.service';
import { EligibilityService } from './evaluation/eligibility.service';
import { LibraryEntryService } from './library/library-entry.service';
import { DecisionNotifier } from './notifications/decision-notifier.service';
import { PublicSearchIndexService } from './public/public-search-index.service';
import { StageStaysService } from './stats/stage-stays.service';
import type { WorkflowEventInput } from './workflow/workflow-definition';
import type {
  TransitionResult,
  TransitionTx,
  WorkflowRunner,
} from './workflow/workflow-runner.service';

/**
 * One feature's reaction to another's workflow: it runs inside the runner's transaction after
 * every transition of that workflow, whoever sent the event, so the feature's records follow the
 * machine without each sender having to remember them.
 */
interface WorkflowReaction<S> {
  /** What it does, in a few words. */
  name: string;
  workflow: string;
  /** The provider that reacts; its module owns the records it writes. */
  provider: Type<S>;
  /**
   * Hands the transition's transaction to the provider, which passes it to its repositories; the
   * reaction itself asks the database nothing.
   */
  react: (
    service: S,
    tx: TransitionTx,
    result: TransitionResult,
    input: WorkflowEventInput,
  ) => Promise<void>;
}

const reaction = <S>(r: WorkflowReaction<S>) => r as WorkflowReaction<unknown>;

/**
 * Every cross-feature reaction to a transition, in the order they run: one place to see what a
 * transition sets off. They share the transition's transaction, so a later one sees what an
 * earlier one wrote; the order is the one they had when each module registered its own. A feature's
 * listener to its own workflow (the edition's status columns) is not listed here: it is added with
 * runner.onTransition and runs after these.
 */
export const WORKFLOW_REACTIONS: readonly WorkflowReaction<unknown>[] = [
  reaction({
    name: '给成果单位的决定通知',
    workflow: achievementWorkflow.name,
    provider: DecisionNotifier,
    react: (notifier, tx, result, input) => notifier.onTransition(tx, result, input),
  }),
  reaction({
    name: '进入形式审查时生成审查清单',
    workflow: achievementWorkflow.name,
    provider: EligibilityService,
    react: (eligibility, tx, result, input) => eligibility.onEnter(tx, result, input),
  }),
  reaction({
    name: '专家席位随评审组变化',
    workflow: achievementWorkflow.name,
    provider: AssignmentTrackerService,
    react: (tracker, tx, result, input) => tracker.follow(tx, result, input),
  }),
  reaction({
    name: '公开检索索引随发布变化',
    workflow: achievementWorkflow.name,
    provider: PublicSearchIndexService,
    react: (index, tx, result) => index.follow(tx, result),
  }),
  reaction({
    name: '入库时建立成果库条目',
    workflow: achievementWorkflow.name,
    provider: LibraryEntryService,
    react: (library, tx, result) => library.enter(tx, result),
  }),
  reaction({
    name: '统计:阶段停留与漏斗计数随状态变化',
    workflow: achievementWorkflow.name,
    provider: StageStaysService,
    react: (stays, tx, result, input) => stays.follow(tx, result, input),
  }),
];

/** Hands the reactions, bound to their providers, to the runner (AppModule, at start-up). */
export function declareWorkflowReactions(runner: WorkflowRunner, moduleRef: ModuleRef): void {
  runner.declareReactions(
    WORKFLOW_REACTIONS.map((r) => {
      const service = moduleRef.get(r.provider, { strict: false });
      return {
        name: r.name,
        workflow: r.workflow,
        react: (tx, result, input) => r.react(service, tx, result, input),
      };
    }),
  );
}
