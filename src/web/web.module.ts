import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { attachmentUploadOptions } from '../attachments/upload-limits';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import { AchievementsModule } from '../achievements/achievements.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AuthModule } from '../auth/auth.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { CollectionModule } from '../collection/collection.module';
import { APP_CONFIG } from '../config/app-config';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PublicModule } from '../public/public.module';
import { ReferenceModule } from '../reference/reference.module';
import { ExportsModule } from '../exports/exports.module';
import { StatsModule } from '../stats/stats.module';
import { ReleasesModule } from '../releases/releases.module';
import { UsersModule } from '../users/users.module';
import { LibraryModule } from '../library/library.module';
import { VerificationModule } from '../verification/verification.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { SettingsModule } from '../settings/settings.module';
import { AccountSessionsController } from './account/account-sessions.controller';
import { AssetsController } from './shared/assets.controller';
import { ConsoleController } from './items/items.controller';
import { TasksController } from './tasks/tasks.controller';
import { InboxWebController } from './inbox/inbox-web.controller';
import { WorklistRepository } from './tasks/worklist.repository';
import { WorklistsService } from './tasks/worklists.service';
import { WorklistRowsRepository } from './tasks/worklist-rows.repository';
import { WorklistNotesService } from './tasks/worklist-notes.service';
import { PanelWorklistService } from './tasks/panel-worklist.service';
import { ConsoleService } from './items/console.service';
import { UserNamesRepository } from './items/user-names.repository';
import { ItemExtrasController } from './items/item-extras.controller';
import { ExpertScoringViews } from './scoring/expert-scoring-views';
import { ExpertWebController, ScoringAssetController } from './scoring/expert-web.controller';
import { EditionsController } from './editions/editions.controller';
import { OfficeController } from './collection/collection.controller';
import { PublicEditionsWebController } from './public/public-editions-web.controller';
import { PublicWebController } from './public/public-web.controller';
import { StatsDashboardController } from './stats/stats-dashboard.controller';
import { LibraryWebController } from './library/library-web.controller';
import { ReviewWebController } from './review/review-web.controller';
import { TransformationModule } from '../transformation/transformation.module';
import { TransformationWebController } from './transformation/transformation-web.controller';
import { ReviewReadService } from './review/review-read.service';
import { AuditSearchRepository } from './audit/audit-search.repository';
import { AuditWebController } from './audit/audit-web.controller';
import { RecommendBulkService } from './recommend/recommend-bulk.service';
import { RecommendDecisionsRepository } from './recommend/recommend-decisions.repository';
import { RecommendWebController } from './recommend/recommend-web.controller';
import { VerificationWebController } from './verification/verification-web.controller';
import { AccountWebController } from './account/account-web.controller';
import { WebAuthController } from './account/web-auth.controller';
import { WebAuthGuard, WebSessions } from './shared/web-session';
import { UsersWebController } from './admin/users-web.controller';
import { SecurityLogWebController } from './security-log/security-log-web.controller';

/** Scripts and styles only from this host; nothing may frame the console. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Some views still set style attributes (the server-drawn SVG charts carry theirs inline).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'private, no-store');
  next();
}

/**
 * The web console under `/` and the public platform under `/public`, rendered on the server from
 * the same services as the API. Forms post urlencoded bodies (parsed here, for these routes only);
 * the upload form posts multipart, parsed by multer with the attachment limits.
 */
/**
 * Every console page controller, listed once: the module registers these and the form parser,
 * security headers and no-store apply to exactly these. (Two hand-kept lists drifted once: the
 * account pages were registered but never got the form parser, so their forms failed CSRF.)
 */
const SIGNED_IN_PAGES = [
  WebAuthController,
  AccountWebController,
  AccountSessionsController,
  ConsoleController,
  TasksController,
  InboxWebController,
  ItemExtrasController,
  OfficeController,
  EditionsController,
  StatsDashboardController,
  VerificationWebController,
  LibraryWebController,
  ReviewWebController,
  ExpertWebController,
  RecommendWebController,
  AuditWebController,
  UsersWebController,
  SecurityLogWebController,
  TransformationWebController,
];
/** The public site: parsed forms and security headers, but cacheable. */
const PUBLIC_PAGES = [
  // Before PublicWebController, whose /public/:id would otherwise take /public/editions.
  PublicEditionsWebController,
  PublicWebController,
];

@Module({
  imports: [
    AuthModule,
    UsersModule,
    AchievementsModule,
    AttachmentsModule,
    CollectionModule,
    EvaluationModule,
    WorkflowModule,
    NotificationsModule,
    OrganizationsModule,
    ReferenceModule,
    PublicModule,
    StatsModule,
    ExportsModule,
    ReleasesModule,
    VerificationModule,
    LibraryModule,
    SettingsModule,
    TransformationModule,
    MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: attachmentUploadOptions }),
  ],
  controllers: [...SIGNED_IN_PAGES, ...PUBLIC_PAGES, AssetsController, ScoringAssetController],
  providers: [
    WebSessions,
    WebAuthGuard,
    ConsoleService,
    UserNamesRepository,
    WorklistRepository,
    WorklistsService,
    WorklistRowsRepository,
    WorklistNotesService,
    PanelWorklistService,
    ExpertScoringViews,
    RecommendBulkService,
    RecommendDecisionsRepository,
    AuditSearchRepository,
    ReviewReadService,
  ],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(urlencoded({ extended: false, limit: '1mb', parameterLimit: 2000 }), securityHeaders)
      .forRoutes(...SIGNED_IN_PAGES, ...PUBLIC_PAGES);
    consumer.apply(noStore).forRoutes(...SIGNED_IN_PAGES);
  }
}
