import { fail, filled, pass, type EligibilityRule } from '../eligibility-rule';

/** majorApplication: the national project or facility is named, with a proof attached. */
export const nationalProjectProofRule: EligibilityRule = {
  key: 'nationalProjectProof',
  label: '写明应用的国家重大项目或设施,并附应用证明',
  categories: ['majorApplication'],
  check({ evidence, attachmentKinds }) {
    if (!filled(evidence.project)) return fail('未写明应用的国家重大项目或设施');
    if (!attachmentKinds.includes('applicationProof')) return fail('未上传应用证明附件');
    return pass(`应用于${evidence.project},已附应用证明`);
  },
};
