import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access/auth-user';
import { Transactions, type Tx } from '../database/tx';
import type { ListEditionsQuery } from './dto/edition.dto';
import { EditionEditor } from './edition-editor.service';
import {
  editionView,
  publicEditionView,
  type EditionView,
  type PublicEditionView,
} from './edition-views';
import type { ReleaseEdition } from './release-edition.entity';
import { ReleasesRepository } from './releases.repository';

/** Reading editions: the office's full views, and what the public sees of issued ones. */
@Injectable()
export class EditionQueries {
  constructor(
    private readonly editions: ReleasesRepository,
    private readonly editor: EditionEditor,
    private readonly transactions: Transactions,
  ) {}

  async list(user: AuthUser, query: ListEditionsQuery): Promise<EditionView[]> {
    await this.editor.assertOffice(user);
    const em = this.transactions.reader();
    const views: EditionView[] = [];
    // One at a time: an EntityManager (and a PostgreSQL connection) runs one query at a time.
    for (const edition of await this.editions.list(em, query)) {
      views.push(await this.view(em, edition));
    }
    return views;
  }

  async get(user: AuthUser, id: string): Promise<EditionView> {
    await this.editor.assertOffice(user);
    const em = this.transactions.reader();
    return this.view(em, await this.editions.load(em, id));
  }

  async publicList(): Promise<PublicEditionView[]> {
    const em = this.transactions.reader();
    const views: PublicEditionView[] = [];
    for (const edition of await this.editions.listIssued(em)) {
      views.push(
        publicEditionView(
          edition,
          await this.editions.items(em, edition.id, { selectedOnly: true }),
        ),
      );
    }
    return views;
  }

  async publicGet(id: string): Promise<PublicEditionView> {
    const em = this.transactions.reader();
    const edition = await this.editions.loadIssued(em, id);
    return publicEditionView(edition, await this.editions.items(em, id, { selectedOnly: true }));
  }

  private async view(em: Tx, edition: ReleaseEdition): Promise<EditionView> {
    const items = await this.editions.items(em, edition.id);
    const issuedBy = await this.editions.displayName(em, edition.issuedBy);
    const submittedBy = await this.editions.displayName(em, edition.submittedBy);
    const votes = await this.editions.votesByAchievement(em, edition.id);
    return editionView(edition, items, { issuedBy, submittedBy }, votes);
  }
}
