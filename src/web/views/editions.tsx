import { escapeHtml as e } from '@kitajs/html';
import { CONFIRMATIONS } from '../confirmations';
import type { AuthUser } from '../../auth/auth-user';
import type { FieldErrors } from '../../common/domain-errors';
import { formatDate } from '../../common/shanghai-time';
import { editionCoverageShort } from '../../releases/edition-document';
import type { EditionView, PublicEditionView } from '../../releases/releases.service';
import { PublicLayout } from './catalogue';
import { CsrfField, Layout } from './layout';

const day = (iso: string | null) => formatDate(iso);

function FieldError(props: { errors?: FieldErrors; field: string }): JSX.Element {
  const messages = props.errors?.[props.field];
  return messages?.length ? (
    <span class="field-error" data-field={props.field}>
      {e(messages.join(';'))}
    </span>
  ) : (
    ''
  );
}

/** Everything the office may need to say about a refused action. */
export interface EditionNotice {
  errors?: FieldErrors;
  conflict?: string;
  message?: string;
}

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

function VersionField(props: { version: number }): JSX.Element {
  return <input type="hidden" name="expectedVersion" value={String(props.version)} />;
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
  const draft = ed.state === 'draft';
  const action = (path: string) => `/editions/${ed.id}/${path}`;
  const hidden = (
    <>
      <CsrfField token={props.csrf} />
      <VersionField version={ed.version} />
    </>
  );
  const included = new Set(ed.items.map((i) => i.achievementId));
  const itemErrors = Object.entries(n?.errors ?? {})
    .filter(([field]) => field.startsWith('items'))
    .flatMap(([, messages]) => messages);
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

      <section>
        <h2>入选成果</h2>
        {itemErrors.length ? (
          <p class="field-error" data-field="items">
            {e(itemErrors.join(';'))}
          </p>
        ) : (
          ''
        )}
        {ed.items.length === 0 ? <p class="muted">本期还没有成果</p> : ''}
        <ol id="edition-items">
          {ed.items.map((item, index) => (
            <li data-id={item.achievementId}>
              <strong>{e(item.title)}</strong> <span class="meta">{e(item.organization)}</span>
              {item.score !== null ? <span class="meta"> · 评分 {String(item.score)}</span> : ''}
              {ed.kind === 'annual' ? <span class="meta"> · 得票 {String(item.votes)}</span> : ''}
              {item.selected ? '' : <span class="badge">未入选</span>}
              {draft ? (
                <>
                  <form method="post" action={action('items')} class="inline">
                    {hidden}
                    <input type="hidden" name="achievementId" value={item.achievementId} />
                    {index > 0 ? (
                      <button type="submit" name="op" value="up">
                        上移
                      </button>
                    ) : (
                      ''
                    )}
                    {index < ed.items.length - 1 ? (
                      <button type="submit" name="op" value="down">
                        下移
                      </button>
                    ) : (
                      ''
                    )}
                    <button type="submit" name="op" value="remove">
                      移出
                    </button>
                  </form>
                  <label class="field">
                    <span class="label">推介语</span>
                    <textarea
                      name={`blurb-${item.achievementId}`}
                      form="edition-blurbs"
                      rows="2"
                      maxlength="2000"
                    >
                      {e(item.blurb)}
                    </textarea>
                    <FieldError errors={n?.errors} field={`items.${index}.blurb`} />
                  </label>
                </>
              ) : item.blurb ? (
                <p class="prose">{e(item.blurb)}</p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        {draft && ed.items.length ? (
          // The textareas above belong to this form through their form attribute: one save for
          // every blurb, so editing several never loses the others.
          <form method="post" action={action('blurbs')} id="edition-blurbs">
            {hidden}
            <button type="submit" class="primary" id="save-blurbs">
              保存全部推介语
            </button>
          </form>
        ) : (
          ''
        )}
        {draft ? (
          <form method="post" action={action('items')} id="add-item">
            {hidden}
            <label class="field">
              <span class="label">从成果库添加(最近入库的成果)</span>
              <select name="achievementId">
                <option value="">请选择</option>
                {props.candidates
                  .filter((c) => !included.has(c.id))
                  .map((c) => (
                    <option value={c.id}>{e(c.title)}</option>
                  ))}
              </select>
              <FieldError errors={n?.errors} field="achievementId" />
            </label>
            <button type="submit" name="op" value="add">
              添加
            </button>
          </form>
        ) : (
          ''
        )}
      </section>

      {ed.kind === 'monthly' ? (
        <section>
          <h2>分送名单</h2>
          {draft ? (
            <form method="post" action={action('distribution')} id="distribution">
              {hidden}
              <label class="field">
                <span class="label">每行一个单位</span>
                <textarea name="distributionList" rows="4">
                  {e(ed.distributionList.join('\n'))}
                </textarea>
                <FieldError errors={n?.errors} field="distributionList" />
              </label>
              <button type="submit">保存分送名单</button>
            </form>
          ) : (
            <ul>
              {ed.distributionList.map((d) => (
                <li>{e(d)}</li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        ''
      )}

      {ed.kind === 'quarterly' ? (
        <section>
          <h2>发布活动</h2>
          {draft ? (
            <form method="post" action={action('event')} id="event-details">
              {hidden}
              <label class="field">
                <span class="label">日期</span>
                <input name="date" value={ed.eventDetails?.date ?? ''} maxlength="100" />
                <FieldError errors={n?.errors} field="eventDetails.date" />
              </label>
              <label class="field">
                <span class="label">地点</span>
                <input name="venue" value={ed.eventDetails?.venue ?? ''} maxlength="200" />
                <FieldError errors={n?.errors} field="eventDetails.venue" />
              </label>
              {(
                [
                  ['coHosts', '协办单位(每行一个)'],
                  ['linkedActivities', '联动活动(每行一个)'],
                  ['presenters', '发布人(每行一个)'],
                ] as const
              ).map(([field, label]) => (
                <label class="field">
                  <span class="label">{label}</span>
                  <textarea name={field} rows="3">
                    {e((ed.eventDetails?.[field] ?? []).join('\n'))}
                  </textarea>
                  <FieldError errors={n?.errors} field={`eventDetails.${field}`} />
                </label>
              ))}
              <button type="submit">保存活动信息</button>
            </form>
          ) : (
            <p>
              {e(ed.eventDetails?.date ?? '')} {e(ed.eventDetails?.venue ?? '')}
            </p>
          )}
        </section>
      ) : (
        ''
      )}

      <section>
        <h2>流程</h2>
        <div class="buttons">
          {draft && ed.kind === 'annual' && ed.votingState !== 'open' ? (
            <form method="post" action={action('vote/open')} class="inline">
              {hidden}
              <button type="submit">开启专家投票</button>
            </form>
          ) : (
            ''
          )}
          {draft && ed.kind === 'annual' && ed.votingState === 'open' ? (
            <form method="post" action={action('vote/close')} class="inline">
              {hidden}
              <button type="submit">结束专家投票</button>
            </form>
          ) : (
            ''
          )}
          {draft ? (
            <form method="post" action={action('submit')} class="inline">
              {hidden}
              <button type="submit" class="primary" id="submit-edition">
                提交审核
              </button>
            </form>
          ) : (
            ''
          )}
          {ed.state === 'underReview' ? (
            <>
              <form method="post" action={action('return')} class="inline">
                {hidden}
                <button type="submit">退回草稿</button>
              </form>
              {props.issueBarred ? (
                <p class="notice" id="four-eyes">
                  本期由您提交审核。按“四眼原则”,须由另一位成果处工作人员签发。
                </p>
              ) : (
                <form method="post" action={action('issue')} class="inline">
                  {hidden}
                  <button
                    type="submit"
                    class="primary"
                    id="issue-edition"
                    data-confirm={CONFIRMATIONS.ISSUE}
                  >
                    签发
                  </button>
                </form>
              )}
            </>
          ) : (
            ''
          )}
          {ed.state === 'issued' ? <a href={`/public/editions/${ed.id}`}>在公开平台查看</a> : ''}
        </div>
      </section>
    </Layout>
  );
}

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
