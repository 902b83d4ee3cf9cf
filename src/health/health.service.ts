import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ServiceUnavailableException } from '@nestjs/common';

export interface Health {
  status: 'ok';
  database: string;
}

@Injectable()
export class HealthService {
  constructor(private readonly orm: MikroORM) {}

  async check(): Promise<Health> {
    if (!(await this.orm.isConnected())) throw new ServiceUnavailableException('数据库不可用');
    return {
      status: 'ok',
      database: this.orm.config.getDriver().getPlatform().constructor.name.replace('Platform', ''),
    };
  }
}
