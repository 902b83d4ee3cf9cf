import { fail, filled, pass, type EligibilityRule } from '../eligibility-rule';

/** Every category: IP ownership declared and confirmed undisputed. */
export const ipUndisputedRule: EligibilityRule = {
  key: 'ipUndisputed',
  label: '知识产权权属已声明且无争议',
  categories: 'all',
  check({ ip }) {
    if (!ip || !filled(ip.owner)) return fail('未声明知识产权权属');
    if (ip.noDispute !== true) return fail('未确认知识产权无争议');
    return pass(`权属:${ip.owner},已确认无争议`);
  },
};
