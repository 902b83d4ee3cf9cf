import fc from 'fast-check';
import {
  conflictsOf,
  normalizeName,
  rememberingNormalizer,
  type ExpertIdentity,
  type ItemParties,
} from './conflict-rules';

/** Distinct generated names: a prefix per role keeps "no conflict" worlds truly disjoint. */
const name = (prefix: string) => fc.stringMatching(/^[a-z一-龥]{1,6}$/).map((s) => `${prefix}${s}`);

const partiesArb = fc.record({
  submittingUnit: fc.record({ id: fc.uuid(), name: name('申报') }),
  completingUnits: fc.array(
    fc.record({ name: name('完成单位'), parent: fc.option(name('集团'), { nil: null }) }),
    { minLength: 1, maxLength: 4 },
  ),
  completers: fc.array(fc.record({ name: name('完成人'), unit: name('完成单位') }), {
    minLength: 1,
    maxLength: 5,
  }),
});

const expertArb = fc.record({
  id: fc.uuid(),
  name: name('专家'),
  organization: fc.record({
    id: fc.uuid(),
    name: name('专家单位'),
    parent: fc.option(name('专家集团'), { nil: null }),
  }),
  declared: fc.array(
    fc.record({
      kind: fc.constantFrom('organization' as const, 'person' as const),
      name: name('无关'),
    }),
    { maxLength: 3 },
  ),
});

const kinds = (e: ExpertIdentity, i: ItemParties) => conflictsOf(e, i).map((c) => c.kind);
const pick = <T>(list: T[], n: number) => list[n % list.length];

describe('conflicts of interest', () => {
  it('finds none between unrelated experts and items', () => {
    fc.assert(fc.property(expertArb, partiesArb, (e, i) => conflictsOf(e, i).length === 0));
  });

  it('excludes an expert of the submitting unit, by id or by name', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.boolean(), (e, i, byId) => {
        const org = byId
          ? { ...e.organization, id: i.submittingUnit.id }
          : { ...e.organization, name: ` ${i.submittingUnit.name} ` };
        return kinds({ ...e, organization: org }, i).includes('submittingUnit');
      }),
    );
  });

  it('excludes an expert of any completing unit', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.nat(), (e, i, n) => {
        const unit = pick(i.completingUnits, n);
        const expert = { ...e, organization: { ...e.organization, name: unit.name } };
        return kinds(expert, i).includes('sameUnit');
      }),
    );
  });

  it('excludes an expert who is a completer', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.nat(), (e, i, n) =>
        kinds({ ...e, name: pick(i.completers, n).name }, i).includes('completer'),
      ),
    );
  });

  it('excludes an expert whose organisation shares a parent with a completing unit', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.nat(), name('集团'), (e, i, n, group) => {
        const units = i.completingUnits.map((u, k) =>
          k === n % i.completingUnits.length ? { ...u, parent: group } : u,
        );
        const expert = { ...e, organization: { ...e.organization, parent: group } };
        return kinds(expert, { ...i, completingUnits: units }).includes('sameParent');
      }),
    );
  });

  it('excludes an expert whose organisation is the parent of a completing unit', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.nat(), (e, i, n) => {
        const unit = pick(i.completingUnits, n);
        const units = i.completingUnits.map((u) =>
          u === unit ? { ...u, parent: e.organization.name } : u,
        );
        return kinds(e, { ...i, completingUnits: units }).includes('sameParent');
      }),
    );
  });

  it('excludes an expert who declared a conflict with a unit or a completer', () => {
    fc.assert(
      fc.property(expertArb, partiesArb, fc.nat(), fc.boolean(), (e, i, n, unit) => {
        const declared = unit
          ? { kind: 'organization' as const, name: pick(i.completingUnits, n).name }
          : { kind: 'person' as const, name: pick(i.completers, n).name };
        const found = kinds({ ...e, declared: [...e.declared, declared] }, i);
        return found.includes(unit ? 'declaredUnit' : 'declaredPerson');
      }),
    );
  });

  it('normalises names for comparison but never matches empty ones', () => {
    expect(normalizeName('某某大学(杭州)')).toBe(normalizeName('某某大学 (杭州)'));
    const e: ExpertIdentity = {
      id: 'e',
      name: ' ',
      organization: { id: 'o', name: '甲', parent: '' },
      declared: [],
    };
    const i: ItemParties = {
      submittingUnit: { id: 's', name: '乙' },
      completingUnits: [{ name: '丙', parent: '' }],
      completers: [{ name: '', unit: '丁' }],
    };
    expect(conflictsOf(e, i)).toEqual([]);
  });

  it('finds the same conflicts with a remembering normaliser as without, over many checks', () => {
    // One normaliser across many experts and items, as the office's panel review uses it.
    const normalize = rememberingNormalizer();
    fc.assert(
      fc.property(expertArb, partiesArb, fc.boolean(), (expert, parties, related) => {
        // Half the worlds share a name, so the remembered answers are also the matching ones.
        const item = related
          ? { ...parties, completers: [{ name: expert.name, unit: expert.organization.name }] }
          : parties;
        expect(conflictsOf(expert, item, normalize)).toEqual(conflictsOf(expert, item));
      }),
    );
    expect(normalize('某某大学 (杭州)')).toBe(normalizeName('某某大学(杭州)'));
  });
});
