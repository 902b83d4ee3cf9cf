import seed from './reference-seed.json';

/** The repo's seed file for the editable reference lists, typed. */
export const REFERENCE_SEED = seed as {
  cities: { name: string; subProvincial: boolean }[];
  domains: { key: string; name: string; highland: string }[];
  categories: { key: string; label: string; description?: string }[];
  organizationTypes: { key: string; label: string }[];
};
