import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
import type { StatsSettingsDto } from './dto/stats-settings.dto';
import { DEFAULT_STATS_SETTINGS, type StatsSettings } from './stats-settings';
import { StatsReportsRepository } from './stats-reports.repository';

const KEY = 'stats';

@Injectable()
export class StatsSettingsService {
  constructor(
    private readonly repository: StatsReportsRepository,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<StatsSettings> {
    const stored = ((await this.repository.setting(KEY)) ?? {}) as Partial<StatsSettings>;
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
    await this.repository.saveSetting(KEY, value, this.clock.now(), by);
    return value;
  }
}
