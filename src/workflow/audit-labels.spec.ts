import { SEAT_SOURCE_LABELS, SEAT_STATUS_LABELS } from '../evaluation/assignment-labels';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateMachine, StateNode } from 'xstate';
import {
  EVENT_TYPES,
  ROLES,
  STATES,
  achievementMachine,
} from '../../workflows/achievement.machine';
import { collectionPeriodMachine } from '../../workflows/collection-period.machine';
import { cooperationRequestMachine } from '../../workflows/cooperation-request.machine';
import { editionMachine } from '../../workflows/edition.machine';
import { rankingReportMachine } from '../../workflows/ranking-report.machine';
import { CATEGORY_LABELS, LEVEL_CLAIM_LABELS } from '../reference/achievement-category';
import { ASSIGNMENT_STATUSES } from '../evaluation/expert-assignment.entity';
import { ORGANIZATION_TYPE_LABELS } from '../reference/organization-type';
import { EDITION_STATE_LABELS, KIND_LABELS } from '../releases/releases.service';
import { DISCIPLINE_LABELS, METRIC_LABELS } from '../stats/stats.types';
import { ATTACHMENT_KIND_LABELS } from '../web/shared/web-labels';
import { ALL_WORKFLOWS } from '../workflow-definitions';
import {
  WORKFLOW_LABELS,
  actorRoleLabel,
  auditEventLabel,
  auditStateLabel,
  workflowLabel,
} from './audit-labels';
import { WorkflowRegistry } from './workflow-registry';

const CHINESE = /[\u4e00-\u9fff—]/;

/** The leaf states, which are what an instance records (compound and history nodes are structure). */
function statesOf(node: StateNode): string[] {
  return Object.values(node.states).flatMap((child) => {
    if (child.type === 'history') return [];
    const nested = statesOf(child);
    return nested.length ? nested : [child.key];
  });
}

/** Every event type a machine takes, from its definition (not from a hand-kept list). */
function eventsOf(machine: AnyStateMachine): string[] {
  return [...new Set(machine.root.events.filter((e) => !e.startsWith('xstate.')))];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/[.-]spec\.ts$/.test(name) ? [path] : [];
  });
}

describe('every code a person may read has Chinese words', () => {
  // The machines' words come with their definitions, as the application registers them.
  beforeAll(() => new WorkflowRegistry().add(...ALL_WORKFLOWS));

  const machines: [string, AnyStateMachine][] = [
    ['achievement', achievementMachine],
    ['collectionPeriod', collectionPeriodMachine],
    ['rankingReport', rankingReportMachine],
    ['edition', editionMachine],
    ['cooperationRequest', cooperationRequestMachine],
  ];

  it.each(machines)('labels every state and event of the %s machine', (name, machine) => {
    expect(workflowLabel(name)).toMatch(CHINESE);
    const states = statesOf(machine.root);
    expect(states.length).toBeGreaterThan(1);
    for (const state of states)
      expect([state, auditStateLabel(state)]).toEqual([state, expect.stringMatching(CHINESE)]);
    const events = eventsOf(machine);
    expect(events.length).toBeGreaterThan(1);
    for (const event of events)
      expect([event, auditEventLabel(event)]).toEqual([event, expect.stringMatching(CHINESE)]);
  });

  it('labels the achievement machine’s declared states, events and roles', () => {
    for (const s of STATES) expect(auditStateLabel(s)).toMatch(CHINESE);
    for (const e of EVENT_TYPES) expect(auditEventLabel(e)).toMatch(CHINESE);
    for (const r of [...ROLES, 'system']) expect(actorRoleLabel(r)).toMatch(CHINESE);
  });

  it('labels every audit event type the features write (found in the source)', () => {
    const root = join(__dirname, '..');
    const written = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:type|eventType|EVENT)\s*[:=]\s*'([A-Z][A-Z_]{2,})'/g)) {
        written.add(m[1]);
      }
      for (const m of text.matchAll(/\?\s*'([A-Z][A-Z_]{2,})'\s*:\s*'([A-Z][A-Z_]{2,})'/g)) {
        written.add(m[1]);
        written.add(m[2]);
      }
    }
    expect(written).toContain('VERIFICATION_TEAM_FORMED');
    expect(written).toContain('PROGRESS_APPROVED');
    const missing = [...written].filter((t) => !CHINESE.test(auditEventLabel(t)));
    expect(missing).toEqual([]);
  });

  it('labels every value of the entities’ enums', () => {
    for (const s of ASSIGNMENT_STATUSES) expect(SEAT_STATUS_LABELS[s]).toMatch(CHINESE);
    const tables: Record<string, Record<string, string>> = {
      CATEGORY_LABELS,
      LEVEL_CLAIM_LABELS,
      ORGANIZATION_TYPE_LABELS,
      EDITION_STATE_LABELS,
      KIND_LABELS,
      DISCIPLINE_LABELS,
      METRIC_LABELS,
      ATTACHMENT_KIND_LABELS,
      SEAT_SOURCE_LABELS,
      SEAT_STATUS_LABELS,
      WORKFLOW_LABELS,
    };
    for (const [name, table] of Object.entries(tables)) {
      for (const [key, label] of Object.entries(table)) {
        expect([name, key, label]).toEqual([name, key, expect.stringMatching(CHINESE)]);
        expect(label).not.toMatch(/[A-Za-z]{3,}/);
      }
    }
  });
});
