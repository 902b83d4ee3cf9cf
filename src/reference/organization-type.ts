export const ORGANIZATION_TYPES = [
  'provincialDepartment',
  'cityBureau',
  'countyBureau',
  'university',
  'researchInstitute',
  'provincialLab',
  'techInnovationCenter',
  'newRdInstitution',
  'cobuiltCarrier',
  'industryDepartment',
  'industryAssociation',
  'enterprise',
] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export const ORGANIZATION_TYPE_LABELS: Record<OrganizationType, string> = {
  provincialDepartment: '省级部门',
  cityBureau: '设区市科技局',
  countyBureau: '县(市、区)科技局',
  university: '高校',
  researchInstitute: '科研院所',
  provincialLab: '省实验室',
  techInnovationCenter: '省技术创新中心',
  newRdInstitution: '省级新型研发机构',
  cobuiltCarrier: '省外共建创新载体',
  industryDepartment: '行业主管部门',
  industryAssociation: '行业协会',
  enterprise: '企业',
};
