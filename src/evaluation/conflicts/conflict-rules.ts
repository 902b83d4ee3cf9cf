/**
 * Conflict-of-interest rules (回避), pure: the host resolves names and organisations, this module
 * only compares. A suggested conflict can be a false positive (two people of the same name), which
 * the office may clear with a reason; it can never be silently missed.
 */
import type { ExpertIdentity } from '../../experts/expert-identity';

export const CONFLICT_KINDS = [
  'sameUnit',
  'submittingUnit',
  'completer',
  'sameParent',
  'declaredUnit',
  'declaredPerson',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const CONFLICT_LABELS: Record<ConflictKind, string> = {
  sameUnit: '专家所在单位是成果完成单位',
  submittingUnit: '专家所在单位是成果申报单位',
  completer: '专家是成果完成人',
  sameParent: '专家所在单位与成果完成单位同属一个上级单位',
  declaredUnit: '专家申报了与该单位的利益冲突',
  declaredPerson: '专家申报了与该完成人的利益冲突',
};

export type { ExpertIdentity };

export interface ItemParties {
  submittingUnit: { id: string; name: string };
  completingUnits: { name: string; parent?: string | null }[];
  completers: { name: string; unit: string }[];
}

export interface Conflict {
  kind: ConflictKind;
  /** The unit or person the conflict is with. */
  with: string;
}

/** Names compare without spaces, brackets or case: "某某大学(杭州)" matches "某某大学(杭州)". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s()()【】[\]·.,,、-]/g, '')
    .toLowerCase();
}

/**
 * normalizeName remembering its answers, for checking many experts against many items at once
 * (the office's panel review checks every seated expert of every item in scoring): the same
 * names come back thousands of times, and NFKC with the replacement is most of a check's cost.
 */
export function rememberingNormalizer(): (name: string) => string {
  const seen = new Map<string, string>();
  return (name) => {
    let normal = seen.get(name);
    if (normal === undefined) {
      normal = normalizeName(name);
      seen.set(name, normal);
    }
    return normal;
  };
}

export function conflictsOf(
  expert: ExpertIdentity,
  item: ItemParties,
  normalize: (name: string) => string = normalizeName,
): Conflict[] {
  const found: Conflict[] = [];
  const add = (kind: ConflictKind, withName: string) => {
    if (!found.some((c) => c.kind === kind && c.with === withName))
      found.push({ kind, with: withName });
  };
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    !!a && !!b && normalize(a) !== '' && normalize(a) === normalize(b);
  const org = expert.organization;

  if (org.id === item.submittingUnit.id || same(org.name, item.submittingUnit.name)) {
    add('submittingUnit', item.submittingUnit.name);
  }
  for (const unit of item.completingUnits) {
    if (same(org.name, unit.name)) add('sameUnit', unit.name);
    // Same group: a shared parent, or one is the other's parent.
    if (
      same(org.parent, unit.parent) ||
      same(org.parent, unit.name) ||
      same(org.name, unit.parent)
    ) {
      add('sameParent', unit.name);
    }
  }
  for (const person of item.completers) {
    if (same(expert.name, person.name)) add('completer', person.name);
    if (same(org.name, person.unit)) add('sameUnit', person.unit);
  }
  for (const declared of expert.declared) {
    if (declared.kind === 'organization') {
      const units = [
        item.submittingUnit.name,
        ...item.completingUnits.map((u) => u.name),
        ...item.completers.map((p) => p.unit),
      ];
      for (const unit of units) if (same(declared.name, unit)) add('declaredUnit', unit);
    } else {
      for (const person of item.completers) {
        if (same(declared.name, person.name)) add('declaredPerson', person.name);
      }
    }
  }
  return found;
}
