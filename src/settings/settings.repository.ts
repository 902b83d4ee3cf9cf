import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AppSetting } from './app-setting.entity';

/** The admin-editable settings, one JSON value per key. */
@Injectable()
export class SettingsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The stored value in the request's context, or undefined while the code default holds. */
  async value(key: string): Promise<unknown> {
    return (await this.em.findOne(AppSetting, { key }))?.value;
  }

  /** As `value`, on a fork of its own: nothing the request's context holds is read or flushed. */
  async freshValue(key: string): Promise<unknown> {
    return (await this.em.fork().findOne(AppSetting, { key }))?.value;
  }

  async save(key: string, value: unknown, updatedAt: Date, updatedBy: string): Promise<void> {
    await this.em.upsert(AppSetting, { key, value, updatedAt, updatedBy });
  }

  /** As `save`, on a fork of its own. */
  async saveFresh(key: string, value: unknown, updatedAt: Date, updatedBy: string): Promise<void> {
    await this.em.fork().upsert(AppSetting, { key, value, updatedAt, updatedBy });
  }
}
