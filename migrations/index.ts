import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261208003725Transformation } from './Migration20261208003725Transformation';
import { Migration20261207215051StatsProcessIndexes } from './Migration20261207215051StatsProcessIndexes';
import { Migration20261208010000EditionCopyList } from './Migration20261208010000EditionCopyList';
import { Migration20261207222110AchievementListWalkIndex } from './Migration20261207222110AchievementListWalkIndex';
import { Migration20261207221636BatchStatusIndexes } from './Migration20261207221636BatchStatusIndexes';
import { Migration20261207174719AuditKeys } from './Migration20261207174719AuditKeys';
import { Migration20261207174741AccountSecurity } from './Migration20261207174741AccountSecurity';
import { Migration20261207175123AuthSessions } from './Migration20261207175123AuthSessions';
import { Migration20261207174725UsernameCaseInsensitive } from './Migration20261207174725UsernameCaseInsensitive';
import { Migration20261207174046SecurityLog } from './Migration20261207174046SecurityLog';
import { Migration20261207190931AuditEventActorAtIndex } from './Migration20261207190931AuditEventActorAtIndex';
import { Migration20261207185720AuditEventAtIdIndex } from './Migration20261207185720AuditEventAtIdIndex';
import { Migration20261207144842ExpertScoreDraft } from './Migration20261207144842ExpertScoreDraft';
import { Migration20261207142841EditionSubmittedBy } from './Migration20261207142841EditionSubmittedBy';
import { Migration20261207152058WorklistIndex } from './Migration20261207152058WorklistIndex';
import { Migration20261125232125WorkflowInstanceState } from './Migration20261125232125WorkflowInstanceState';
import { Migration20261126015000PublicListing } from './Migration20261126015000PublicListing';
import { Migration20261126022500AuditEventFunnelIndex } from './Migration20261126022500AuditEventFunnelIndex';
import { Migration20261126050000StageStays } from './Migration20261126050000StageStays';
import { Migration20261126060000LibraryProgressIndex } from './Migration20261126060000LibraryProgressIndex';
import { Migration20261126090000StageCounts } from './Migration20261126090000StageCounts';
import { Migration20261126110000PublicSearchRowid } from './Migration20261126110000PublicSearchRowid';
import { Migration20261125215000PublicSearch } from './Migration20261125215000PublicSearch';
import { Migration20261125214834VerificationLibrary } from './Migration20261125214834VerificationLibrary';
import { Migration20261125222957ReleaseEditions } from './Migration20261125222957ReleaseEditions';
import { Migration20261125220353StatsReports } from './Migration20261125220353StatsReports';
import { Migration20261125214911LoginLockout } from './Migration20261125214911LoginLockout';
import { Migration20261125184000AuditAppendOnly } from './Migration20261125184000AuditAppendOnly';
import { Migration20261125181821Evaluation } from './Migration20261125181821Evaluation';
import { Migration20261125181900TopJournals } from './Migration20261125181900TopJournals';
import { Migration20261125174720WorkflowBatchKey } from './Migration20261125174720WorkflowBatchKey';
import { Migration20261125173205CollectionNotificationsAttachments } from './Migration20261125173205CollectionNotificationsAttachments';
import { Migration20261207210000EditionWorkflows } from './Migration20261207210000EditionWorkflows';
import { Migration20261125171313Initial } from './Migration20261125171313Initial';
import { Migration20261125171400ReferenceData } from './Migration20261125171400ReferenceData';
import { Migration20261125173300ReferenceLabels } from './Migration20261125173300ReferenceLabels';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the same list runs from
 * ts-jest, ts-node and the compiled build. `npm run migration:create -- <name>` appends here.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261125171313Initial', class: Migration20261125171313Initial },
  { name: 'Migration20261125171400ReferenceData', class: Migration20261125171400ReferenceData },
  {
    name: 'Migration20261125173205CollectionNotificationsAttachments',
    class: Migration20261125173205CollectionNotificationsAttachments,
  },
  { name: 'Migration20261125173300ReferenceLabels', class: Migration20261125173300ReferenceLabels },
  {
    name: 'Migration20261125174720WorkflowBatchKey',
    class: Migration20261125174720WorkflowBatchKey,
  },
  { name: 'Migration20261125181821Evaluation', class: Migration20261125181821Evaluation },
  { name: 'Migration20261125181900TopJournals', class: Migration20261125181900TopJournals },
  { name: 'Migration20261125184000AuditAppendOnly', class: Migration20261125184000AuditAppendOnly },
  {
    name: 'Migration20261125214834VerificationLibrary',
    class: Migration20261125214834VerificationLibrary,
  },
  { name: 'Migration20261125214911LoginLockout', class: Migration20261125214911LoginLockout },
  { name: 'Migration20261125215000PublicSearch', class: Migration20261125215000PublicSearch },
  { name: 'Migration20261125220353StatsReports', class: Migration20261125220353StatsReports },
  { name: 'Migration20261125222957ReleaseEditions', class: Migration20261125222957ReleaseEditions },
  {
    name: 'Migration20261125232125WorkflowInstanceState',
    class: Migration20261125232125WorkflowInstanceState,
  },
  { name: 'Migration20261126015000PublicListing', class: Migration20261126015000PublicListing },
  {
    name: 'Migration20261126022500AuditEventFunnelIndex',
    class: Migration20261126022500AuditEventFunnelIndex,
  },
  { name: 'Migration20261126050000StageStays', class: Migration20261126050000StageStays },
  {
    name: 'Migration20261126060000LibraryProgressIndex',
    class: Migration20261126060000LibraryProgressIndex,
  },
  { name: 'Migration20261126090000StageCounts', class: Migration20261126090000StageCounts },
  {
    name: 'Migration20261126110000PublicSearchRowid',
    class: Migration20261126110000PublicSearchRowid,
  },
  {
    name: 'Migration20261207142841EditionSubmittedBy',
    class: Migration20261207142841EditionSubmittedBy,
  },
  {
    name: 'Migration20261207144842ExpertScoreDraft',
    class: Migration20261207144842ExpertScoreDraft,
  },
  { name: 'Migration20261207152058WorklistIndex', class: Migration20261207152058WorklistIndex },
  { name: 'Migration20261207174046SecurityLog', class: Migration20261207174046SecurityLog },
  { name: 'Migration20261207174719AuditKeys', class: Migration20261207174719AuditKeys },
  {
    name: 'Migration20261207174725UsernameCaseInsensitive',
    class: Migration20261207174725UsernameCaseInsensitive,
  },
  { name: 'Migration20261207174741AccountSecurity', class: Migration20261207174741AccountSecurity },
  { name: 'Migration20261207175123AuthSessions', class: Migration20261207175123AuthSessions },
  {
    name: 'Migration20261207185720AuditEventAtIdIndex',
    class: Migration20261207185720AuditEventAtIdIndex,
  },
  {
    name: 'Migration20261207190931AuditEventActorAtIndex',
    class: Migration20261207190931AuditEventActorAtIndex,
  },
  {
    name: 'Migration20261207210000EditionWorkflows',
    class: Migration20261207210000EditionWorkflows,
  },
  {
    name: 'Migration20261207215051StatsProcessIndexes',
    class: Migration20261207215051StatsProcessIndexes,
  },
  {
    name: 'Migration20261207221636BatchStatusIndexes',
    class: Migration20261207221636BatchStatusIndexes,
  },
  {
    name: 'Migration20261207222110AchievementListWalkIndex',
    class: Migration20261207222110AchievementListWalkIndex,
  },
  { name: 'Migration20261208003725Transformation', class: Migration20261208003725Transformation },
  {
    name: 'Migration20261208010000EditionCopyList',
    class: Migration20261208010000EditionCopyList,
  },
];
