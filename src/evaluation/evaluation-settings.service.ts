import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { ATTACHMENT_KINDS } from '../attachments/attachment.entity';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
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
    const sizes = Object.entries(dto.panelSizeByDomain ?? {});
    const bad = sizes.filter(([, n]) => !Number.isInteger(n) || n < 1 || n > 25);
    if (bad.length) {
      throw InvalidInputError.field(
        'panelSizeByDomain',
        `专家组人数须为 1–25 的整数:${bad.map(([k]) => k).join('、')}`,
      );
    }
    for (const [kind, list] of Object.entries(dto.requiredAttachments ?? {})) {
      if (!Array.isArray(list) || !list.every((k) => ATTACHMENT_KINDS.includes(k as never))) {
        throw InvalidInputError.field('requiredAttachments', `附件类型无效:${kind}`);
      }
    }
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
