import { escapeHtml as e } from '@kitajs/html';
import { formatDate } from '../../../common/shanghai-time';
import { editionCoverageShort } from '../../../releases/edition-document';
import type { PublicEditionView } from '../../../releases/releases.service';
import { PublicLayout } from './public.page';

const day = (iso: string | null) => formatDate(iso);

export function PublicEditionListPage(props: { editions: PublicEditionView[] }): JSX.Element {
  return (
    <PublicLayout title="成果发布刊物">
      <p>
        <a href="/public">← 成果发布平台</a>
      </p>
      <h1>成果发布刊物</h1>
      {props.editions.length === 0 ? <p class="muted">暂无已签发的刊物</p> : ''}
      <div id="public-editions">
        {props.editions.map((ed) => (
          <article class="result">
            <h2>
              <a href={`/public/editions/${ed.id}`}>
                {e(ed.title)} {e(ed.number)}
              </a>
            </h2>
            <p class="meta">
              {e(ed.kindLabel)} · {day(ed.issuedAt)} 签发 · {String(ed.items.length)} 项成果
            </p>
            <p>
              <a href={`/public/editions/${ed.id}/document.docx`}>下载 Word</a> ·{' '}
              <a href={`/public/editions/${ed.id}/document.html`}>网页版</a>
            </p>
          </article>
        ))}
      </div>
    </PublicLayout>
  );
}

export function PublicEditionPage(props: { edition: PublicEditionView }): JSX.Element {
  const ed = props.edition;
  return (
    <PublicLayout title={`${ed.title} ${ed.number}`}>
      <p>
        <a href="/public/editions">← 全部刊物</a>
      </p>
      <h1>
        {e(ed.title)} {e(ed.number)}
      </h1>
      <p class="meta">
        {e(ed.kindLabel)} · {e(editionCoverageShort(ed.kind, ed.periodStart, ed.periodEnd))} ·{' '}
        {day(ed.issuedAt)} 签发
      </p>
      <p>
        <a href={`/public/editions/${ed.id}/document.docx`} id="download-docx">
          下载 Word 文档
        </a>{' '}
        · <a href={`/public/editions/${ed.id}/document.html`}>网页版</a>
      </p>
      {ed.eventDetails ? (
        <p>
          发布活动:{e(ed.eventDetails.date ?? '')} {e(ed.eventDetails.venue ?? '')}
        </p>
      ) : (
        ''
      )}
      {ed.items.map((item) => (
        <article class="result">
          <h2>
            {String(item.rank)}.{' '}
            <a href={`/public/${item.achievement.id}`}>{e(item.achievement.title)}</a>
          </h2>
          <p class="meta">
            {e(item.achievement.organization)} · {e(item.achievement.categoryLabel)} ·{' '}
            {e(item.achievement.domain)} · {e(item.achievement.city)}
          </p>
          {item.blurb ? <p class="prose">{e(item.blurb)}</p> : ''}
          <p>{e(item.achievement.summary)}</p>
        </article>
      ))}
    </PublicLayout>
  );
}
