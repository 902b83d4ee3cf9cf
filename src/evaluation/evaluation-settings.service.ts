import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { Clock } from '../common/clock';
import { AppSetting } from '../settings/app-setting.entity';
import { DEFAULT_EVALUATION_SETTINGS, type EvaluationSettings } from './evaluation-settings';
import type { EvaluationSettingsDto } from './dto/evaluation-settings.dto';

const KEY = 'evaluation';

@Injectable()
export class EvaluationSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async get(em: EntityManager = this.em.fork()): Promise<EvaluationSettings> {
    const row = await em.findOne(AppSetting, { key: KEY });
    const stored = (row?.value ?? {}) as Partial<EvaluationSettings>;
    return {
      ...DEFAULT_EVALUATION_SETTINGS,
      ...stored,
      credit: { ...DEFAULT_EVALUATION_SETTINGS.credit, ...stored.credit },
    };
  }

  async set(dto: EvaluationSettingsDto, by: string): Promise<EvaluationSettings> {
    const value = JSON.parse(
      JSON.stringify({ ...(await this.get()), ...dto }),
    ) as EvaluationSettings;
    await this.em.fork().upsert(AppSetting, {
      key: KEY,
      value,
      updatedAt: this.clock.now(),
      updatedBy: by,
    });
    return value;
  }
}
