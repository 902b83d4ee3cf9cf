import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { SafeConsoleLogger } from './common/safe-logger';
import { loadConfig } from './config/app-config';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config }), {
    bodyParser: false,
    // Request data in a log message cannot forge a line of its own (see safe-logger.ts).
    logger: new SafeConsoleLogger(),
  });
  configureApp(app);
  await app.listen(config.port);
  new Logger('Main').log(
    `浙里好成果已启动:http://localhost:${config.port}(API 文档 /api/docs,数据:${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`,
  );
}

void bootstrap();
