import seed from './top-journals.json';

/** The repo's seed file for the top-journal list, typed. */
export const TOP_JOURNAL_SEED = seed;
