import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
import { AppSetting } from '../settings/app-setting.entity';
import type { StatsSettingsDto } from './dto/stats-settings.dto';
import { DEFAULT_STATS_SETTINGS, type StatsSettings } from './stats-settings';

const KEY = 'stats';

@Injectable()
export class StatsSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<StatsSettings> {
    const row = await this.em.fork().findOne(AppSetting, { key: KEY });
    const stored = (row?.value ?? {}) as Partial<StatsSettings>;
    return {
      targets: { ...DEFAULT_STATS_SETTINGS.targets, ...stored.targets },
      weights: { ...DEFAULT_STATS_SETTINGS.weights, ...stored.weights },
    };
  }

  async set(dto: StatsSettingsDto, by: string): Promise<StatsSettings> {
    const current = await this.get();
    const value: StatsSettings = {
      targets: { ...current.targets, ...dto.targets },
      weights: { ...current.weights, ...dto.weights },
    };
    if (Object.values(value.weights).every((w) => w === 0)) {
      throw InvalidInputError.field('weights', '至少一项权重须大于 0');
    }
    await this.em.fork().upsert(AppSetting, {
      key: KEY,
      value,
      updatedAt: this.clock.now(),
      updatedBy: by,
    });
    return value;
  }
}
