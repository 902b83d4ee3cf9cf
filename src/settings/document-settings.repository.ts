import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';
import type { OfficialDocumentSettings } from '../common/official-document/official-settings';
import { emOf, type Tx } from '../database/tx';
import { AppSetting } from './app-setting.entity';

const KEY = 'documents';

/** The stored row of the issued documents' settings (offices, default 报 and 抄送 lists). */
@Injectable()
export class DocumentSettingsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Read in the caller's transaction when it renders a document inside one. */
  async stored(tx?: Tx): Promise<Partial<OfficialDocumentSettings> | undefined> {
    const row = await (tx ? emOf(tx) : this.em.fork()).findOne(AppSetting, { key: KEY });
    return row?.value as Partial<OfficialDocumentSettings> | undefined;
  }

  async store(value: OfficialDocumentSettings, at: Date, by: string): Promise<void> {
    await this.em.fork().upsert(AppSetting, { key: KEY, value, updatedAt: at, updatedBy: by });
  }
}
