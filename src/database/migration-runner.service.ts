import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';

/** Schema changes happen only through committed migrations, applied here at every start. */
@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(private readonly orm: MikroORM) {}

  async onModuleInit(): Promise<void> {
    const applied = await this.orm.getMigrator().up();
    if (applied.length)
      this.logger.log(`已执行数据库迁移:${applied.map((m) => m.name).join(', ')}`);
  }
}
