import { fail, filled, pass, type EligibilityRule } from '../eligibility-rule';

/** Every category: completing units and completers listed, each completer with a unit. */
export const unitsAndCompletersRule: EligibilityRule = {
  key: 'unitsAndCompleters',
  label: '完成单位和完成人信息完整',
  categories: 'all',
  check({ completingUnits, completers }) {
    if (completingUnits.length === 0 || !completingUnits.every((u) => filled(u.name))) {
      return fail('完成单位缺失或不完整');
    }
    if (completers.length === 0) return fail('未填写完成人');
    const incomplete = completers.filter((c) => !filled(c.name) || !filled(c.unit));
    if (incomplete.length) return fail(`${incomplete.length} 名完成人缺少姓名或所在单位`);
    return pass(`完成单位 ${completingUnits.length} 个,完成人 ${completers.length} 名`);
  },
};
