import { Injectable } from '@nestjs/common';
import { DEFAULT_SCORING_POLICY, type ScoringPolicy } from '../../workflows/achievement-scoring';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
import { DEFAULT_RUBRIC, RUBRIC_ANCHORS, rubricProblems, type Rubric } from './rubric';
import type { ReleasePolicyDto } from './dto/release-policy.dto';
import type { ScoringPolicyDto } from './dto/scoring-policy.dto';
import { SettingsRepository } from './settings.repository';

const SCORING = 'scoring';
const RUBRIC = 'rubric';
const RELEASES = 'releases';

/** How editions are reviewed. fourEyes: who submits an edition for review may not issue it. */
export interface ReleasePolicy {
  fourEyes: boolean;
}
export const DEFAULT_RELEASE_POLICY: ReleasePolicy = { fourEyes: true };

/** Admin-editable settings with code defaults. A change applies to items whose scoring opens later. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly clock: Clock,
  ) {}

  async scoringPolicy(): Promise<ScoringPolicy> {
    const value = await this.settings.value(SCORING);
    return (value as ScoringPolicy | undefined) ?? DEFAULT_SCORING_POLICY;
  }

  async setScoringPolicy(policy: ScoringPolicyDto, by: string): Promise<ScoringPolicy> {
    const value: ScoringPolicy = {
      weights: { ...policy.weights },
      quorum: policy.quorum,
      threshold: policy.threshold,
      ...(policy.spreadGap !== undefined ? { spreadGap: policy.spreadGap } : {}),
    };
    await this.settings.save(SCORING, value, this.clock.now(), by);
    return value;
  }

  /** What each criterion asks and what 90, 75 and 60 mean: the experts' reading next to the form. */
  async rubric(): Promise<Rubric> {
    const value = await this.settings.value(RUBRIC);
    return (value as Rubric | undefined) ?? DEFAULT_RUBRIC;
  }

  async setRubric(body: unknown, by: string): Promise<Rubric> {
    const problems = rubricProblems(body);
    if (Object.keys(problems).length) {
      throw new InvalidInputError(
        Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]])),
      );
    }
    // Only the known fields are kept, trimmed: nothing odd is stored.
    const value: Rubric = Object.fromEntries(
      Object.entries(body as Rubric).map(([key, c]) => [
        key,
        {
          description: c.description.trim(),
          anchors: Object.fromEntries(
            RUBRIC_ANCHORS.map((a) => [a, c.anchors[a].trim()]),
          ) as Rubric[string]['anchors'],
        },
      ]),
    );
    await this.settings.save(RUBRIC, value, this.clock.now(), by);
    return value;
  }

  async releasePolicy(): Promise<ReleasePolicy> {
    const value = await this.settings.freshValue(RELEASES);
    return { ...DEFAULT_RELEASE_POLICY, ...(value as Partial<ReleasePolicy> | undefined) };
  }

  async setReleasePolicy(policy: ReleasePolicyDto, by: string): Promise<ReleasePolicy> {
    const value: ReleasePolicy = { fourEyes: policy.fourEyes };
    await this.settings.saveFresh(RELEASES, value, this.clock.now(), by);
    return value;
  }
}
