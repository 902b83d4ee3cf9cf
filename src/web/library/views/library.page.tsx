import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { LIBRARY_FLAGS } from '../../../library/dto/library.dto';
import { TRACKING_RATINGS, TRACKING_TYPES } from '../../../library/library-evaluation.entity';
import type { LibraryDetailView, LibraryItemView } from '../../../library/library.service';
import {
  LIBRARY_FLAG_LABELS,
  PROGRESS_STATUS_LABELS,
  TRACKING_RATING_LABELS,
  TRACKING_TYPE_LABELS,
  formatDateTime,
} from '../../shared/web-labels';
import { FilterForm, Pager } from '../../shared/catalogue-filters.components';
import { type CatalogueFilters, type FilterOptions } from '../../shared/catalogue.view-model';
import { StateBadge } from '../../shared/state-badge.components';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';

export interface LibraryFilters extends CatalogueFilters {
  flag?: string;
  minScore?: string;
  maxScore?: string;
}

const flagNames = (flags: LibraryItemView['flags']) =>
  LIBRARY_FLAGS.filter((f) => flags[f]).map((f) => LIBRARY_FLAG_LABELS[f]);

export function LibraryListPage(props: {
  user: AuthUser;
  csrf: string;
  filters: LibraryFilters;
  options: FilterOptions;
  items: LibraryItemView[];
  nextCursor: string | null;
  errors: FieldErrors;
}): JSX.Element {
  const f = props.filters;
  const errorList = Object.values(props.errors).flat();
  return (
    <Layout title="成果库" user={props.user} csrf={props.csrf}>
      <h1>全省重大科技成果库</h1>
      <FilterForm action="/library" filters={f} options={props.options} withoutSearch>
        <label>
          标记
          <select name="flag">
            <option value="">全部</option>
            {LIBRARY_FLAGS.map((flag) => (
              <option value={flag} selected={f.flag === flag}>
                {e(LIBRARY_FLAG_LABELS[flag])}
              </option>
            ))}
          </select>
        </label>
        <label>
          最低分
          <input type="number" name="minScore" min="0" max="100" value={f.minScore ?? ''} />
        </label>
        <label>
          最高分
          <input type="number" name="maxScore" min="0" max="100" value={f.maxScore ?? ''} />
        </label>
      </FilterForm>
      {errorList.length ? (
        <div class="error" role="alert" id="filter-errors">
          筛选条件有误:{e(errorList.join(';'))}
        </div>
      ) : (
        ''
      )}
      {props.items.length ? (
        <table id="library-items">
          <thead>
            <tr>
              <th>成果</th>
              <th>类别</th>
              <th>领域</th>
              <th>单位</th>
              <th>城市</th>
              <th>评审得分</th>
              <th>入库时间</th>
              <th>状态</th>
              <th>标记</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr>
                <td>
                  <a href={`/library/${i.id}`}>{e(i.title)}</a>
                </td>
                <td>{e(i.categoryLabel)}</td>
                <td>{e(i.domain.name)}</td>
                <td>{e(i.organization.name)}</td>
                <td>{e(i.city)}</td>
                <td>{e(i.score ?? '—')}</td>
                <td>{e(formatDateTime(i.enteredAt))}</td>
                <td>
                  <StateBadge state={i.state} />
                </td>
                <td>{e(flagNames(i.flags).join('、') || '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">没有符合条件的入库成果</p>
      )}
      <Pager base="/library" filters={f} nextCursor={props.nextCursor} />
    </Layout>
  );
}

/** Which form on the entry page came back with errors, and what it held. */
export interface EntryFormState {
  form: 'evaluation' | 'flags' | 'progress' | `decision:${string}`;
  errors: FieldErrors;
  values: Record<string, string | boolean>;
}

function Field(props: {
  state: EntryFormState | null;
  form: EntryFormState['form'];
  name: string;
  label: string;
  type?: string;
  textarea?: boolean;
}): JSX.Element {
  const mine = props.state?.form === props.form ? props.state : null;
  const value = mine?.values[props.name];
  const invalid = mine?.errors[props.name] ? 'true' : undefined;
  return (
    <label class="field">
      <span class="label">
        {e(props.label)}
        <em class="req">*</em>
      </span>
      {props.textarea ? (
        <textarea name={props.name} rows="4" aria-invalid={invalid}>
          {e(typeof value === 'string' ? value : '')}
        </textarea>
      ) : (
        <input
          type={props.type ?? 'text'}
          name={props.name}
          value={typeof value === 'string' ? value : ''}
          aria-invalid={invalid}
        />
      )}
      <Errors errors={mine?.errors ?? {}} name={props.name} />
    </label>
  );
}

function Choice(props: {
  state: EntryFormState | null;
  form: EntryFormState['form'];
  name: string;
  label: string;
  options: [string, string][];
}): JSX.Element {
  const mine = props.state?.form === props.form ? props.state : null;
  return (
    <label class="field">
      <span class="label">
        {e(props.label)}
        <em class="req">*</em>
      </span>
      <select name={props.name} aria-invalid={mine?.errors[props.name] ? 'true' : undefined}>
        <option value="">请选择</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={mine?.values[props.name] === value}>
            {e(label)}
          </option>
        ))}
      </select>
      <Errors errors={mine?.errors ?? {}} name={props.name} />
    </label>
  );
}

export function LibraryEntryPage(props: {
  user: AuthUser;
  csrf: string;
  entry: LibraryDetailView;
  names: Map<string, string>;
  /** The office records evaluations, sets flags and decides on progress updates. */
  office: boolean;
  /** A submitter of the owning unit reports progress. */
  owner: boolean;
  state: EntryFormState | null;
}): JSX.Element {
  const { entry, state } = props;
  const name = (id: string, fallback: string) => props.names.get(id) ?? fallback;
  const flagState = state?.form === 'flags' ? state : null;
  return (
    <Layout
      title={`成果库 · ${entry.title}`}
      user={props.user}
      csrf={props.csrf}
      crumbs={[{ label: '成果库', href: '/library' }, { label: entry.title }]}
    >
      <p>
        <a href={`/items/${entry.id}`}>成果详情</a>
      </p>
      <h1>
        {e(entry.title)} <StateBadge state={entry.state} />
      </h1>
      {state ? (
        <div class="error" role="alert" id="form-errors">
          提交的数据有误,请按提示修改后重新提交。
        </div>
      ) : (
        ''
      )}
      <section id="entry">
        <dl class="record">
          <dt>成果类别</dt>
          <dd>{e(entry.categoryLabel)}</dd>
          <dt>战略领域</dt>
          <dd>{e(entry.domain.name)}</dd>
          <dt>单位</dt>
          <dd>
            {e(entry.organization.name)}({e(entry.city)})
          </dd>
          <dt>评审得分</dt>
          <dd>{e(entry.score ?? '—')}</dd>
          <dt>入库时间</dt>
          <dd>{e(formatDateTime(entry.enteredAt))}</dd>
          <dt>标记</dt>
          <dd id="flags">{e(flagNames(entry.flags).join('、') || '无')}</dd>
          <dt>最新进展</dt>
          <dd>{e(formatDateTime(entry.latestProgressAt))}</dd>
        </dl>
      </section>

      <section id="evaluations">
        <h2>
          跟踪评价 <span class="count">{entry.evaluations.length}</span>
        </h2>
        {entry.evaluations.length ? (
          <table>
            <thead>
              <tr>
                <th>类型</th>
                <th>评价机构</th>
                <th>评价日期</th>
                <th>评价等级</th>
                <th>评价意见</th>
                <th>记录人</th>
              </tr>
            </thead>
            <tbody>
              {entry.evaluations.map((ev) => (
                <tr>
                  <td>{e(TRACKING_TYPE_LABELS[ev.type] ?? ev.type)}</td>
                  <td>{e(ev.evaluator)}</td>
                  <td>{e(ev.date)}</td>
                  <td>{e(TRACKING_RATING_LABELS[ev.rating] ?? ev.rating)}</td>
                  <td class="prose">{e(ev.findings)}</td>
                  <td>{e(name(ev.recordedBy, '省科技厅成果处'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">暂无跟踪评价</p>
        )}
        {props.office ? (
          <form method="post" action={`/library/${entry.id}/evaluations`} id="evaluation-form">
            <h3>记录跟踪评价</h3>
            <CsrfField token={props.csrf} />
            <Choice
              state={state}
              form="evaluation"
              name="type"
              label="评价类型"
              options={TRACKING_TYPES.map((t) => [t, TRACKING_TYPE_LABELS[t]])}
            />
            <Field state={state} form="evaluation" name="evaluator" label="评价机构或专家" />
            <Field state={state} form="evaluation" name="date" label="评价日期" type="date" />
            <Choice
              state={state}
              form="evaluation"
              name="rating"
              label="评价等级"
              options={TRACKING_RATINGS.map((r) => [r, TRACKING_RATING_LABELS[r]])}
            />
            <Field state={state} form="evaluation" name="findings" label="评价意见" textarea />
            <button type="submit" class="primary" id="save-evaluation">
              记录评价
            </button>
          </form>
        ) : (
          ''
        )}
      </section>

      {props.office ? (
        <section id="flags-section">
          <h2>成果标记</h2>
          <form method="post" action={`/library/${entry.id}/flags`} id="flags-form">
            <CsrfField token={props.csrf} />
            {LIBRARY_FLAGS.map((flag) => (
              <label class="check">
                <input
                  type="checkbox"
                  name={flag}
                  checked={flagState ? flagState.values[flag] === true : entry.flags[flag] === true}
                />{' '}
                {e(LIBRARY_FLAG_LABELS[flag])}
                <Errors errors={flagState?.errors ?? {}} name={flag} />
              </label>
            ))}
            <Field state={state} form="flags" name="reason" label="理由" textarea />
            <button type="submit" class="primary" id="save-flags">
              保存标记
            </button>
          </form>
        </section>
      ) : (
        ''
      )}

      <section id="progress">
        <h2>
          最新进展 <span class="count">{entry.progress.length}</span>
        </h2>
        {entry.progress.length ? (
          <ul class="progress-list">
            {entry.progress.map((p) => {
              const form = `decision:${p.id}` as const;
              return (
                <li id={`progress-${p.id}`}>
                  <strong>{e(p.title)}</strong>{' '}
                  <span class="badge">{e(PROGRESS_STATUS_LABELS[p.status] ?? p.status)}</span>{' '}
                  <small class="muted">
                    {e(name(p.submittedBy, '成果申报人'))} 报送于 {e(formatDateTime(p.submittedAt))}
                  </small>
                  <p class="prose">{e(p.content)}</p>
                  {p.decisionComment ? <p class="muted">审核意见:{e(p.decisionComment)}</p> : ''}
                  {props.office && p.status === 'pending' ? (
                    <form
                      method="post"
                      action={`/library/${entry.id}/progress/${p.id}/decision`}
                      class="decision-form"
                    >
                      <CsrfField token={props.csrf} />
                      <label class="field">
                        <span class="label">审核意见(退回时必填)</span>
                        <input type="text" name="comment" maxlength="2000" />
                        <Errors errors={state?.form === form ? state.errors : {}} name="comment" />
                      </label>
                      <button type="submit" name="decision" value="approve" class="primary">
                        审核通过
                      </button>{' '}
                      <button type="submit" name="decision" value="reject" class="danger">
                        退回
                      </button>
                    </form>
                  ) : (
                    ''
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p class="muted">暂无进展</p>
        )}
        {props.owner ? (
          <form method="post" action={`/library/${entry.id}/progress`} id="progress-form">
            <h3>报送最新进展</h3>
            <CsrfField token={props.csrf} />
            <Field state={state} form="progress" name="title" label="进展标题" />
            <Field state={state} form="progress" name="content" label="进展内容" textarea />
            <button type="submit" class="primary" id="save-progress">
              报送进展
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}
