import { Injectable } from '@nestjs/common';
import { registerWorkflowLabels } from './audit-labels';
import type { WorkflowDefinition } from './workflow-definition';

/**
 * Every workflow definition the application runs, by name, so that verification can replay an
 * instance's trail through its machine. Filled by the application module (src/workflow-definitions.ts)
 * and by `npm run audit:verify`; the workflow folder itself imports no feature. A definition's
 * labels go to the audit trail's words as it is added.
 */
@Injectable()
export class WorkflowRegistry {
  private readonly byName = new Map<string, WorkflowDefinition>();

  add(...definitions: WorkflowDefinition[]): void {
    for (const definition of definitions) {
      this.byName.set(definition.name, definition);
      if (definition.labels) registerWorkflowLabels(definition.name, definition.labels);
    }
  }

  get(name: string): WorkflowDefinition | undefined {
    return this.byName.get(name);
  }
}
