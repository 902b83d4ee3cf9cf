import { escapeHtml as e, type PropsWithChildren } from '@kitajs/html';
import { CONFIRMATIONS } from '../../shared/confirmations';
import type { FieldErrors } from '../../../common/domain-errors';
import type { EditionView } from '../../../releases/releases.service';
import { CsrfField } from '../../shared/layout';

/**
 * The parts of an edition's console page (editions.page.tsx): its items, distribution list,
 * release event and the buttons of its lifecycle. Each takes the edition, the CSRF token and what
 * the office was told about a refused action.
 */

/** Everything the office may need to say about a refused action. */
export interface EditionNotice {
  errors?: FieldErrors;
  conflict?: string;
  message?: string;
}

export function FieldError(props: { errors?: FieldErrors; field: string }): JSX.Element {
  const messages = props.errors?.[props.field];
  return messages?.length ? (
    <span class="field-error" data-field={props.field}>
      {e(messages.join(';'))}
    </span>
  ) : (
    ''
  );
}

/**
 * Every form that changes the edition: posted to `/editions/:id/<path>` with the CSRF token and
 * the version the form was drawn at (a stale page is refused rather than overwriting).
 */
function EditionForm(
  props: PropsWithChildren<{
    edition: EditionView;
    csrf: string;
    path: string;
    id?: string;
    inline?: boolean;
  }>,
): JSX.Element {
  return (
    <form
      method="post"
      action={`/editions/${props.edition.id}/${props.path}`}
      class={props.inline ? 'inline' : undefined}
      id={props.id}
    >
      <CsrfField token={props.csrf} />
      <input type="hidden" name="expectedVersion" value={String(props.edition.version)} />
      {props.children}
    </form>
  );
}

/** A labelled field with the message the service gave for it, if any. */
function EditionField(
  props: PropsWithChildren<{ label: string; errors?: FieldErrors; field: string }>,
): JSX.Element {
  return (
    <label class="field">
      <span class="label">{props.label}</span>
      {props.children}
      <FieldError errors={props.errors} field={props.field} />
    </label>
  );
}

export function EditionItemsSection(props: {
  edition: EditionView;
  csrf: string;
  notice?: EditionNotice;
  /** The library's newest entries, offered for 从成果库添加. */
  candidates: { id: string; title: string }[];
}): JSX.Element {
  const ed = props.edition;
  const n = props.notice;
  const draft = ed.state === 'draft';
  const form = { edition: ed, csrf: props.csrf };
  const included = new Set(ed.items.map((i) => i.achievementId));
  const itemErrors = Object.entries(n?.errors ?? {})
    .filter(([field]) => field.startsWith('items'))
    .flatMap(([, messages]) => messages);
  return (
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
                <EditionForm {...form} path="items" inline>
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
                </EditionForm>
                <EditionField label="推介语" errors={n?.errors} field={`items.${index}.blurb`}>
                  <textarea
                    name={`blurb-${item.achievementId}`}
                    form="edition-blurbs"
                    rows="2"
                    maxlength="2000"
                  >
                    {e(item.blurb)}
                  </textarea>
                </EditionField>
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
        <EditionForm {...form} path="blurbs" id="edition-blurbs">
          <button type="submit" class="primary" id="save-blurbs">
            保存全部推介语
          </button>
        </EditionForm>
      ) : (
        ''
      )}
      {draft ? (
        <EditionForm {...form} path="items" id="add-item">
          <EditionField
            label="从成果库添加(最近入库的成果)"
            errors={n?.errors}
            field="achievementId"
          >
            <select name="achievementId">
              <option value="">请选择</option>
              {props.candidates
                .filter((c) => !included.has(c.id))
                .map((c) => (
                  <option value={c.id}>{e(c.title)}</option>
                ))}
            </select>
          </EditionField>
          <button type="submit" name="op" value="add">
            添加
          </button>
        </EditionForm>
      ) : (
        ''
      )}
    </section>
  );
}

/** The monthly report's distribution list (分送名单). */
export function DistributionSection(props: {
  edition: EditionView;
  csrf: string;
  notice?: EditionNotice;
}): JSX.Element {
  const ed = props.edition;
  const n = props.notice;
  const draft = ed.state === 'draft';
  const form = { edition: ed, csrf: props.csrf };
  return (
    <section>
      <h2>分送名单</h2>
      {draft ? (
        <EditionForm {...form} path="distribution" id="distribution">
          <EditionField label="每行一个单位" errors={n?.errors} field="distributionList">
            <textarea name="distributionList" rows="4">
              {e(ed.distributionList.join('\n'))}
            </textarea>
          </EditionField>
          <button type="submit">保存分送名单</button>
        </EditionForm>
      ) : (
        <ul>
          {ed.distributionList.map((d) => (
            <li>{e(d)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The quarterly release event (发布活动). */
export function EventDetailsSection(props: {
  edition: EditionView;
  csrf: string;
  notice?: EditionNotice;
}): JSX.Element {
  const ed = props.edition;
  const n = props.notice;
  const draft = ed.state === 'draft';
  const form = { edition: ed, csrf: props.csrf };
  return (
    <section>
      <h2>发布活动</h2>
      {draft ? (
        <EditionForm {...form} path="event" id="event-details">
          <EditionField label="日期" errors={n?.errors} field="eventDetails.date">
            <input name="date" value={ed.eventDetails?.date ?? ''} maxlength="100" />
          </EditionField>
          <EditionField label="地点" errors={n?.errors} field="eventDetails.venue">
            <input name="venue" value={ed.eventDetails?.venue ?? ''} maxlength="200" />
          </EditionField>
          {(
            [
              ['coHosts', '协办单位(每行一个)'],
              ['linkedActivities', '联动活动(每行一个)'],
              ['presenters', '发布人(每行一个)'],
            ] as const
          ).map(([field, label]) => (
            <EditionField label={label} errors={n?.errors} field={`eventDetails.${field}`}>
              <textarea name={field} rows="3">
                {e((ed.eventDetails?.[field] ?? []).join('\n'))}
              </textarea>
            </EditionField>
          ))}
          <button type="submit">保存活动信息</button>
        </EditionForm>
      ) : (
        <p>
          {e(ed.eventDetails?.date ?? '')} {e(ed.eventDetails?.venue ?? '')}
        </p>
      )}
    </section>
  );
}

/** The lifecycle's buttons: the annual vote, submit, return, issue (or the four-eyes notice). */
export function EditionFlowSection(props: {
  edition: EditionView;
  csrf: string;
  notice?: EditionNotice;
  /** The four-eyes rule keeps this user from issuing it: they submitted it for review. */
  issueBarred?: boolean;
}): JSX.Element {
  const ed = props.edition;
  const draft = ed.state === 'draft';
  const form = { edition: ed, csrf: props.csrf };
  return (
    <section>
      <h2>流程</h2>
      <div class="buttons">
        {draft && ed.kind === 'annual' && ed.votingState !== 'open' ? (
          <EditionForm {...form} path="vote/open" inline>
            <button type="submit">开启专家投票</button>
          </EditionForm>
        ) : (
          ''
        )}
        {draft && ed.kind === 'annual' && ed.votingState === 'open' ? (
          <EditionForm {...form} path="vote/close" inline>
            <button type="submit">结束专家投票</button>
          </EditionForm>
        ) : (
          ''
        )}
        {draft ? (
          <EditionForm {...form} path="submit" inline>
            <button type="submit" class="primary" id="submit-edition">
              提交审核
            </button>
          </EditionForm>
        ) : (
          ''
        )}
        {ed.state === 'underReview' ? (
          <>
            <EditionForm {...form} path="return" inline>
              <button type="submit">退回草稿</button>
            </EditionForm>
            {props.issueBarred ? (
              <p class="notice" id="four-eyes">
                本期由您提交审核。按“四眼原则”,须由另一位成果处工作人员签发。
              </p>
            ) : (
              <EditionForm {...form} path="issue" inline>
                <button
                  type="submit"
                  class="primary"
                  id="issue-edition"
                  data-confirm={CONFIRMATIONS.ISSUE}
                >
                  签发
                </button>
              </EditionForm>
            )}
          </>
        ) : (
          ''
        )}
        {ed.state === 'issued' ? <a href={`/public/editions/${ed.id}`}>在公开平台查看</a> : ''}
      </div>
    </section>
  );
}
