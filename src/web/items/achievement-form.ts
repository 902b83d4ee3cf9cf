import type { AchievementView } from '../../achievements/achievement.view';
import {
  formChecked as checked,
  formRows as rows,
  formText as text,
  type FormBody,
} from '../shared/form-body';

/** The record as the form holds it: the same shape as the DTO, so error paths name form fields. */
export type RecordForm = Record<string, unknown>;

const optional = (value: string) => (value === '' ? undefined : value);
const numberOrText = (value: string) => (/^-?\d+$/.test(value) ? Number(value) : value);

/** The achievement form's fields as the plain object the record DTO validates. */
export function recordFromForm(body: FormBody): RecordForm {
  const category = text(body, 'category');
  let evidence: Record<string, unknown> = {};
  if (category === 'basicResearch') {
    evidence = {
      papers: rows(body, 'evidence.papers', ['journal', 'year', 'doi', 'title']).map((p) => ({
        journal: p.journal,
        year: numberOrText(p.year),
        doi: p.doi,
        title: optional(p.title),
      })),
    };
  } else if (category === 'techBreakthrough') {
    evidence = {
      replaces: text(body, 'evidence.replaces'),
      industrialization: text(body, 'evidence.industrialization'),
    };
  } else if (category === 'majorApplication') {
    evidence = { project: text(body, 'evidence.project'), usage: text(body, 'evidence.usage') };
  }
  return {
    title: text(body, 'title'),
    summary: text(body, 'summary'),
    category,
    domain: text(body, 'domain'),
    levelClaim: text(body, 'levelClaim'),
    breaksMonopoly: checked(body, 'breaksMonopoly'),
    fillsGap: checked(body, 'fillsGap'),
    completingUnits: rows(body, 'completingUnits', ['name']),
    completers: rows(body, 'completers', ['name', 'unit', 'title']).map((c) => ({
      name: c.name,
      unit: c.unit,
      title: optional(c.title),
    })),
    ip: {
      owner: text(body, 'ip.owner'),
      patents: text(body, 'ip.patents')
        .split(/\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      noDispute: checked(body, 'ip.noDispute'),
    },
    evidence,
  };
}

/** The stored record, as the edit form starts from it. */
export function formFromView(view: AchievementView): RecordForm {
  return {
    title: view.title,
    summary: view.summary,
    category: view.category,
    domain: view.domain.key,
    levelClaim: view.levelClaim,
    breaksMonopoly: view.breaksMonopoly,
    fillsGap: view.fillsGap,
    completingUnits: view.completingUnits,
    completers: view.completers,
    ip: view.ip,
    evidence: view.evidence,
  };
}

/** Reads a dotted path (`completers.0.name`) out of the form object. */
export function valueAt(form: RecordForm, path: string): unknown {
  let current: unknown = form;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The score sheet of the scoring form: `scores.<criterion>` fields become numbers where they are numbers. */
export function scoresFromForm(body: FormBody): Record<string, unknown> {
  const scores: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!key.startsWith('scores.')) continue;
    const value = text(body, key);
    const criterion = key.slice('scores.'.length);
    scores[criterion] = value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return scores;
}

/** The score form's optional `criterionComments.<criterion>` remarks; blank ones are left out. */
export function criterionCommentsFromForm(body: FormBody): Record<string, string> | undefined {
  const comments: Record<string, string> = {};
  for (const key of Object.keys(body)) {
    if (!key.startsWith('criterionComments.')) continue;
    const value = text(body, key);
    if (value) comments[key.slice('criterionComments.'.length)] = value;
  }
  return Object.keys(comments).length ? comments : undefined;
}

/** The owner may still change the record and its files exactly when SUBMIT or RESUBMIT is open to them. */
export function editable(item: AchievementView): boolean {
  return item.allowedEvents.includes('SUBMIT') || item.allowedEvents.includes('RESUBMIT');
}
