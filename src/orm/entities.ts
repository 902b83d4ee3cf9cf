import { Achievement } from '../achievements/achievement.entity';
import { Attachment } from '../attachments/attachment.entity';
import { NilReport } from '../collection/nil-report.entity';
import { Notification } from '../notifications/notification.entity';
import { OutboxMessage } from '../notifications/outbox-message.entity';
import { ReferenceLabel } from '../reference/reference-label.entity';
import { ScheduledTimer } from '../scheduling/scheduled-timer.entity';
import { Organization } from '../organizations/organization.entity';
import { City } from '../reference/city.entity';
import { StrategicDomain } from '../reference/strategic-domain.entity';
import { AppSetting } from '../settings/app-setting.entity';
import { User } from '../users/user.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { AuditEvent } from '../workflow/audit-event.entity';
import { WorkflowInstance } from '../workflow/workflow-instance.entity';
import { ConflictDecision } from '../evaluation/conflict-decision.entity';
import { EligibilityCheck } from '../evaluation/eligibility-check.entity';
import { ExpertAssignment } from '../evaluation/expert-assignment.entity';
import { TopJournal } from '../evaluation/top-journal.entity';
import { ExpertFlag } from '../experts/expert-flag.entity';
import { ExpertProfile } from '../experts/expert-profile.entity';
import { ReleaseEdition } from '../releases/release-edition.entity';
import { ReleaseEditionItem } from '../releases/release-edition-item.entity';
import { ReleaseEditionVote } from '../releases/release-edition-vote.entity';
import { LibraryEntry } from '../library/library-entry.entity';
import { LibraryEvaluation } from '../library/library-evaluation.entity';
import { ProgressUpdate } from '../library/progress-update.entity';
import { VerificationVisit } from '../verification/verification-visit.entity';
import { StatsReport } from '../stats/stats-report.entity';
import { SecurityEvent } from '../security-log/security-event.entity';
import { CooperationRequest } from '../transformation/cooperation-request.entity';
import { PartnerAccount } from '../transformation/partner-account.entity';
import { TransferOffer } from '../transformation/transfer-offer.entity';

/** Listed explicitly so discovery works the same from ts-jest, ts-node and the compiled build. */
export const ENTITIES = [
  Organization,
  User,
  AuthSession,
  LoginThrottle,
  City,
  StrategicDomain,
  AppSetting,
  WorkflowInstance,
  AuditEvent,
  Achievement,
  Attachment,
  NilReport,
  Notification,
  OutboxMessage,
  ReferenceLabel,
  ScheduledTimer,
  ExpertProfile,
  ExpertFlag,
  ExpertAssignment,
  ConflictDecision,
  EligibilityCheck,
  TopJournal,
  ReleaseEdition,
  ReleaseEditionItem,
  ReleaseEditionVote,
  VerificationVisit,
  LibraryEntry,
  LibraryEvaluation,
  ProgressUpdate,
  StatsReport,
  SecurityEvent,
  PartnerAccount,
  TransferOffer,
  CooperationRequest,
];
