import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InvalidInputError } from '../common/domain-errors';
import {
  mergeOfficialSettings,
  officialSettingsProblems,
  type OfficialDocumentSettings,
} from '../common/official-document/official-settings';
import type { Tx } from '../database/tx';
import { DocumentSettingsRepository } from './document-settings.repository';

/**
 * What the office edits on its issued documents: the compiling, issuing and printing offices and
 * the default 报 and 抄送 lists. Documents already issued keep what they were printed with.
 */
@Injectable()
export class DocumentSettingsService {
  constructor(
    private readonly settings: DocumentSettingsRepository,
    private readonly clock: Clock,
  ) {}

  async get(tx?: Tx): Promise<OfficialDocumentSettings> {
    return mergeOfficialSettings(await this.settings.stored(tx));
  }

  /** Applies a change naming only the fields it changes; 400 with each field's problem. */
  async set(body: unknown, by: string): Promise<OfficialDocumentSettings> {
    const problems = officialSettingsProblems(body);
    if (Object.keys(problems).length) {
      throw new InvalidInputError(
        Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, [v]])),
      );
    }
    const value = mergeOfficialSettings(
      await this.settings.stored(),
      body as Partial<OfficialDocumentSettings>,
    );
    await this.settings.store(value, this.clock.now(), by);
    return value;
  }
}
