import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { InputTextPipe } from './common/input-text';
import { accessDeniedRecorder } from './security-log/access-denied';
import { SecurityLogService } from './security-log/security-log.service';
import { createValidationPipe } from './common/validation';
import { APP_CONFIG, type AppConfig } from './config/app-config';

/**
 * One policy for every response, API, console and docs alike: scripts only from this host (the
 * console's htmx and app.js are served from /assets, and no page has inline script), inline
 * styles allowed because the server-drawn SVG charts carry style attributes, nothing may frame us.
 * Helmet's defaults are not used: their upgrade-insecure-requests would break a plain-HTTP
 * intranet deployment.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** API paths whose answers are public and may be cached; every other API answer is private. */
const PUBLIC_API = /^\/api\/(public|health|docs)(\/|$|-)/;

/**
 * Answers of the API beyond its public part carry user data: no browser or proxy may keep them
 * (the console's pages set the same header in WebModule). A route may still set its own.
 */
function noStoreForPrivateApi(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/') && !PUBLIC_API.test(req.path)) {
    res.setHeader('Cache-Control', 'private, no-store');
  }
  next();
}

/** Everything about the HTTP layer that main.ts and the e2e tests must share. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // JSON bodies are records and decisions, never files; 1 MB is generous and bounds abuse.
  app.useBodyParser('json', { limit: '1mb' });
  // Hostile characters and deep nesting are refused first, before anything walks a body
  // recursively (the validation pipe's prototype-key stripping does).
  app.useGlobalPipes(new InputTextPipe(), createValidationPipe());
  // Every refusal is written to the security log (等保 安全审计), the console's too (its filter).
  app.useGlobalFilters(
    new DomainExceptionFilter(accessDeniedRecorder(app.get(SecurityLogService))),
  );
  app.disable('x-powered-by');
  // Behind the province's reverse proxy the client is read from X-Forwarded-For, through the
  // configured proxies only (TRUST_PROXY); otherwise Express's default: the socket's address.
  const { trustProxy } = app.get<AppConfig>(APP_CONFIG);
  app.set('trust proxy', trustProxy.length ? trustProxy : false);
  app.use(noStoreForPrivateApi);
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      referrerPolicy: { policy: 'same-origin' },
      frameguard: { action: 'deny' },
    }),
  );
  // On SIGTERM/SIGINT: stop the schedulers (waiting for a running tick), stop accepting
  // connections, let in-flight requests finish, close the database, then exit 0 so that a
  // supervisor sees a clean stop rather than a death by signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('浙里好成果 Chengguo API')
      .setDescription('重大科技成果发布制度工作流引擎')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
