import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-errors';
import { Transactions, type Tx } from '../database/tx';
import { SecurityLogService } from '../security-log/security-log.service';
import { DocumentSettingsService } from '../settings/document-settings.service';
import {
  EDITION_TITLES,
  renderEditionDocx,
  renderEditionHtml,
  type EditionDocumentData,
} from './edition-document';
import { EditionEditor } from './edition-editor.service';
import { editionDocumentData, type DocumentFormat, type RenderedDocument } from './edition-views';
import type { ReleaseEditionItem } from './release-edition-item.entity';
import type { ReleaseEdition } from './release-edition.entity';
import { ReleasesRepository } from './releases.repository';

/**
 * An edition's documents (Word and web page): rendered live for a draft, rendered once at issue
 * and stored in the row for an issued edition, which then never changes.
 */
@Injectable()
export class EditionDocuments {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly securityLog: SecurityLogService,
    private readonly settings: DocumentSettingsService,
  ) {}

  /**
   * The office's copy: an issued edition's stored file, a draft's current rendering. `download`
   * (the caller's address) marks a download, which before the edition is issued is unpublished
   * data and goes to the security log.
   */
  async document(
    user: AuthUser,
    id: string,
    format: DocumentFormat,
    download?: { clientIp: string | null },
  ): Promise<RenderedDocument> {
    await this.editor.assertOffice(user);
    const em = this.transactions.reader();
    const edition = await this.editions.load(em, id);
    if (edition.state === 'issued') return this.stored(edition, format);
    if (download) {
      await this.securityLog.record({
        kind: 'fileDownloaded',
        actorId: user.id,
        clientIp: download.clientIp,
        detail: { editionId: id, format, fileName: `edition.${format}` },
      });
    }
    const items = await this.editions.items(em, id, { selectedOnly: true });
    const data = await this.data(em, edition, items, this.clock.now());
    const bytes =
      format === 'docx'
        ? await renderEditionDocx(data)
        : Buffer.from(renderEditionHtml(data), 'utf8');
    return asDocument(edition, format, bytes);
  }

  async publicDocument(id: string, format: DocumentFormat): Promise<RenderedDocument> {
    return this.stored(await this.editions.loadIssued(this.transactions.reader(), id), format);
  }

  /** Both documents of the edition with these items, dated `at`. */
  async render(
    em: Tx,
    edition: ReleaseEdition,
    items: ReleaseEditionItem[],
    at: Date,
  ): Promise<{ docx: Buffer; html: string }> {
    const data = await this.data(em, edition, items, at);
    return { docx: await renderEditionDocx(data), html: renderEditionHtml(data) };
  }

  private async data(
    em: Tx,
    edition: ReleaseEdition,
    items: ReleaseEditionItem[],
    at: Date,
  ): Promise<EditionDocumentData> {
    return editionDocumentData(
      edition,
      items,
      at,
      await this.editions.correctsNumber(em, edition),
      await this.settings.get(em),
    );
  }

  private async stored(edition: ReleaseEdition, format: DocumentFormat): Promise<RenderedDocument> {
    const bytes = await this.editions.storedDocument(edition.id, format);
    if (!bytes) throw new NotFoundError('该刊期没有已存档的文档', { id: edition.id });
    return asDocument(edition, format, bytes);
  }
}

function asDocument(
  edition: ReleaseEdition,
  format: DocumentFormat,
  bytes: Buffer,
): RenderedDocument {
  return {
    bytes,
    contentType:
      format === 'docx'
        ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        : 'text/html; charset=utf-8',
    fileName: `${EDITION_TITLES[edition.kind]}-${edition.number}.${format}`,
  };
}
