import { Injectable } from '@nestjs/common';
import { ATTACHMENT_KINDS } from '../attachments/attachment.entity';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { DEFAULT_EVALUATION_SETTINGS, type EvaluationSettings } from './evaluation-settings';
import type { EvaluationSettingsDto } from './dto/evaluation-settings.dto';
import { EvaluationRepository } from './evaluation.repository';

@Injectable()
export class EvaluationSettingsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: EvaluationRepository,
    private readonly clock: Clock,
  ) {}

  async get(tx: Tx = this.transactions.reader()): Promise<EvaluationSettings> {
    const stored = ((await this.repository.storedSettings(tx)) ??
      {}) as Partial<EvaluationSettings>;
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
    await this.repository.saveSettings(this.transactions.reader(), value, this.clock.now(), by);
    return value;
  }
}
