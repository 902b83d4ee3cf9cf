import { LEVEL_CLAIM_LABELS } from '../../../reference/achievement-category';
import { fail, pass, type EligibilityRule } from '../eligibility-rule';

/** Every category: a level claim (国际先进 / 国内领先) is made. */
export const levelClaimRule: EligibilityRule = {
  key: 'levelClaim',
  label: '已申明成果水平',
  categories: 'all',
  check({ levelClaim }) {
    if (!levelClaim) return fail('未申明成果水平');
    return pass(`申明水平:${LEVEL_CLAIM_LABELS[levelClaim]}`);
  },
};
