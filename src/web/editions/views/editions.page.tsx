import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import { formatDate } from '../../../common/shanghai-time';
import { editionCoverageShort } from '../../../releases/edition-document';
import type { EditionView } from '../../../releases/releases.service';
import {
  DistributionSection,
  EditionFlowSection,
  EditionItemsSection,
  EventDetailsSection,
  FieldError,
  type EditionNotice,
} from './edition.components';
import { CsrfField, Layout } from '../../shared/layout';

export type { EditionNotice } from './edition.components';

const day = (iso: string | null) => formatDate(iso);

export function EditionListPage(props: {
  user: AuthUser;
  csrf: string;
  editions: EditionView[];
  form?: { kind?: string; period?: string };
  notice?: EditionNotice;
}): JSX.Element {
  const n = props.notice;
  return (
    <Layout title="刊期管理" user={props.user} csrf={props.csrf}>
      <h1>刊期管理</h1>
      {n?.conflict ? (
        <p class="error" role="alert">
          {e(n.conflict)}
        </p>
      ) : (
        ''
      )}
      <table class="list" id="editions">
        <thead>
          <tr>
            <th>类型</th>
            <th>期号</th>
            <th>状态</th>
            <th>成果数</th>
            <th>签发时间</th>
          </tr>
        </thead>
        <tbody>
          {props.editions.map((ed) => (
            <tr>
              <td>{e(ed.kindLabel)}</td>
              <td>
                <a href={`/editions/${ed.id}`}>{e(ed.number)}</a>
              </td>
              <td>
                <span class="badge">{e(ed.stateLabel)}</span>
              </td>
              <td>{String(ed.items.filter((i) => i.selected).length)}</td>
              <td>{day(ed.issuedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.editions.length === 0 ? <p class="muted">还没有刊期</p> : ''}
      <section>
        <h2>新建刊期</h2>
        <form method="post" action="/editions" id="create-edition">
          <CsrfField token={props.csrf} />
          <label class="field">
            <span class="label">类型</span>
            <select name="kind">
              {(
                [
                  ['monthly', '月报'],
                  ['quarterly', '季度发布'],
                  ['annual', '年度榜单'],
                ] as const
              ).map(([value, label]) => (
                <option value={value} selected={props.form?.kind === value}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError errors={n?.errors} field="kind" />
          </label>
          <label class="field">
            <span class="label">期别</span>
            <input
              name="period"
              value={props.form?.period ?? ''}
              placeholder="月报 2026-11,季度 2026-Q4,年度 2026"
            />
            <FieldError errors={n?.errors} field="period" />
          </label>
          <button type="submit" class="primary">
            新建
          </button>
        </form>
      </section>
    </Layout>
  );
}

export function EditionDetailPage(props: {
  user: AuthUser;
  csrf: string;
  edition: EditionView;
  /** The library's newest entries, offered for 从成果库添加. */
  candidates: { id: string; title: string }[];
  notice?: EditionNotice;
  /** The four-eyes rule keeps this user from issuing it: they submitted it for review. */
  issueBarred?: boolean;
}): JSX.Element {
  const ed = props.edition;
  const n = props.notice;
  const parts = { edition: ed, csrf: props.csrf, notice: n };
  const action = (path: string) => `/editions/${ed.id}/${path}`;
  return (
    <Layout
      title={`${ed.number}${ed.kindLabel}`}
      user={props.user}
      csrf={props.csrf}
      crumbs={[{ label: '刊期管理', href: '/editions' }, { label: `${ed.number}${ed.kindLabel}` }]}
    >
      <h1>
        {e(ed.number)} {e(ed.kindLabel)} <span class="badge">{e(ed.stateLabel)}</span>
      </h1>
      <p class="meta">
        {e(editionCoverageShort(ed.kind, ed.periodStart, ed.periodEnd))} · 版本 {String(ed.version)}
        {ed.issuedAt ? ` · ${day(ed.issuedAt)} 由 ${ed.issuedBy ?? ''} 签发` : ''}
        {ed.state === 'underReview' && ed.submittedBy ? ` · 由 ${ed.submittedBy} 提交审核` : ''}
      </p>
      {n?.message ? (
        <p class="notice" role="status">
          {e(n.message)}
        </p>
      ) : (
        ''
      )}
      {n?.conflict ? (
        <p class="error" role="alert" id="conflict">
          操作未完成:{e(n.conflict)}
        </p>
      ) : (
        ''
      )}
      <p class="buttons">
        <a href={action('document.docx')} id="preview-docx">
          预览 Word 文档
        </a>
        <a href={action('preview')} id="preview-html" target="_blank">
          预览网页版
        </a>
      </p>

      <EditionItemsSection {...parts} candidates={props.candidates} />
      {ed.kind === 'monthly' ? <DistributionSection {...parts} /> : ''}
      {ed.kind === 'quarterly' ? <EventDetailsSection {...parts} /> : ''}
      <EditionFlowSection {...parts} issueBarred={props.issueBarred} />
    </Layout>
  );
}
