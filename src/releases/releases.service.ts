import { Injectable } from '@nestjs/common';
import type { ActorRole, WorkflowActor } from '../../workflows/achievement.machine';
import type { AuthUser } from '../access/auth-user';
import type {
  CreateEditionDto,
  ListEditionsQuery,
  SetEditionItemsDto,
  UpdateEditionDto,
} from './dto/edition.dto';
import { CorrectEdition } from './correct-edition.use-case';
import { EditionCuration } from './edition-curation.service';
import { EditionDocuments } from './edition-documents.service';
import { EditionDrafting } from './edition-drafting.service';
import { EditionEditor } from './edition-editor.service';
import { EditionQueries } from './edition-queries.service';
import { EditionReview } from './edition-review.service';
import type {
  DocumentFormat,
  EditionView,
  PublicEditionView,
  RenderedDocument,
} from './edition-views';
import { IssueEdition } from './issue-edition.use-case';
import type { EditionPeriod } from './release-calendar';
import type { ReleaseEdition } from './release-edition.entity';

export {
  EDITION_STATE_LABELS,
  KIND_LABELS,
  fourEyesRefusal,
  scoreOf,
  type DocumentFormat,
  type EditionItemView,
  type EditionView,
  type PublicEditionItemView,
  type PublicEditionView,
  type RenderedDocument,
} from './edition-views';

/**
 * The releases feature as its controllers, the console and the cycles call it: one entry point
 * over the parts that do the work, each owning one responsibility (drafting, curation, review,
 * the issue and correction use cases, documents, reads). The lifecycle itself is the edition
 * machine (workflows/edition.machine.ts), run by the WorkflowRunner.
 */
@Injectable()
export class ReleasesService {
  constructor(
    private readonly editor: EditionEditor,
    private readonly queries: EditionQueries,
    private readonly drafting: EditionDrafting,
    private readonly curation: EditionCuration,
    private readonly review: EditionReview,
    private readonly issuing: IssueEdition,
    private readonly correcting: CorrectEdition,
    private readonly documents: EditionDocuments,
  ) {}

  list(user: AuthUser, query: ListEditionsQuery): Promise<EditionView[]> {
    return this.queries.list(user, query);
  }

  get(user: AuthUser, id: string): Promise<EditionView> {
    return this.queries.get(user, id);
  }

  create(user: AuthUser, dto: CreateEditionDto): Promise<EditionView> {
    return this.drafting.create(user, dto);
  }

  update(user: AuthUser, id: string, dto: UpdateEditionDto): Promise<EditionView> {
    return this.curation.update(user, id, dto);
  }

  setItems(user: AuthUser, id: string, dto: SetEditionItemsDto): Promise<EditionView> {
    return this.curation.setItems(user, id, dto);
  }

  submit(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    return this.review.submit(user, id, expectedVersion);
  }

  returnToDraft(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    return this.review.returnToDraft(user, id, expectedVersion);
  }

  issue(user: AuthUser, id: string, expectedVersion: number): Promise<EditionView> {
    return this.issuing.execute(user, id, expectedVersion);
  }

  issueBarredFor(user: AuthUser, edition: EditionView): Promise<boolean> {
    return this.review.issueBarredFor(user, edition);
  }

  correct(user: AuthUser, id: string): Promise<EditionView> {
    return this.correcting.execute(user, id);
  }

  document(
    user: AuthUser,
    id: string,
    format: DocumentFormat,
    download?: { clientIp: string | null },
  ): Promise<RenderedDocument> {
    return this.documents.document(user, id, format, download);
  }

  publicList(): Promise<PublicEditionView[]> {
    return this.queries.publicList();
  }

  publicGet(id: string): Promise<PublicEditionView> {
    return this.queries.publicGet(id);
  }

  publicDocument(id: string, format: DocumentFormat): Promise<RenderedDocument> {
    return this.documents.publicDocument(id, format);
  }

  draft(
    period: EditionPeriod,
    by?: { actor: WorkflowActor; role: ActorRole },
  ): Promise<{ edition: ReleaseEdition; created: boolean }> {
    return this.drafting.draft(period, by);
  }

  assertOffice(user: AuthUser): Promise<void> {
    return this.editor.assertOffice(user);
  }
}
