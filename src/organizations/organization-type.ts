// The organisation types are reference data (src/reference/organization-type.ts), where the
// reference lists take their labels without importing src/organizations. This re-export keeps
// src/collection's import working until that folder (on another branch) takes the new path.
export * from '../reference/organization-type';
