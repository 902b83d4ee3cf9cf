import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from '../../workflows/achievement-scoring';
import { Clock } from '../common/clock';
import { AppSetting } from './app-setting.entity';
import type { ScoringPolicyDto } from './dto/scoring-policy.dto';

const SCORING = 'scoring';

/** Admin-editable settings with code defaults. A change applies to items whose scoring opens later. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async scoringPolicy(): Promise<ScoringPolicy> {
    const row = await this.em.findOne(AppSetting, { key: SCORING });
    return (row?.value as ScoringPolicy | undefined) ?? DEFAULT_SCORING_POLICY;
  }

  async setScoringPolicy(policy: ScoringPolicyDto, by: string): Promise<ScoringPolicy> {
    const value: ScoringPolicy = {
      weights: { ...policy.weights },
      quorum: policy.quorum,
      threshold: policy.threshold,
      ...(policy.spreadGap !== undefined ? { spreadGap: policy.spreadGap } : {}),
    };
    await this.em.upsert(AppSetting, {
      key: SCORING,
      value,
      updatedAt: this.clock.now(),
      updatedBy: by,
    });
    return value;
  }
}
