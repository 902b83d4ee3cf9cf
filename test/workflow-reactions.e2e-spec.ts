import { WorkflowRunner } from '../src/workflow/workflow-runner.service';
import { WORKFLOW_REACTIONS } from '../src/workflow-reactions';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The cross-feature reactions run as src/workflow-reactions.ts lists them, and that list is
 * complete: the runner holds no other listener on the achievement workflow; the edition's own
 * status columns are the releases feature's listener to its own workflow, and the cooperation
 * request's read model the transformation feature's.
 */
describe('workflow reactions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('declares every reaction to an item transition, in the listed order', () => {
    const runner = t.app.get(WorkflowRunner);
    expect(runner.reactionsTo('achievement')).toEqual([
      '给成果单位的决定通知',
      '进入形式审查时生成审查清单',
      '专家席位随评审组变化',
      '公开检索索引随发布变化',
      '入库时建立成果库条目',
      '统计:阶段停留与漏斗计数随状态变化',
    ]);
    expect(runner.reactionsTo('achievement')).toEqual(WORKFLOW_REACTIONS.map((r) => r.name));
    const listeners = (runner as unknown as { listeners: Map<string, unknown[]> }).listeners;
    expect(listeners.get('achievement') ?? []).toHaveLength(0);
    expect(listeners.get('edition')).toHaveLength(1);
    // The cooperation request's read model, stale timer and notices: its feature's own listener.
    expect(listeners.get('cooperationRequest')).toHaveLength(1);
  });
});
