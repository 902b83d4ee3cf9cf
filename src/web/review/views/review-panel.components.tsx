import { escapeHtml as e } from '@kitajs/html';
import type { FieldErrors } from '../../../common/domain-errors';
import { CONFLICT_LABELS } from '../../../evaluation/conflicts/conflict-rules';
import type { PanelExpert } from '../../../evaluation/panel-experts.service';
import type { PanelReview } from '../review-read.service';
import { formatDeadline } from '../../shared/web-labels';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField } from '../../shared/layout';

/** One item's scoring panel on /review: its seats, the experts' fields, conflicts, and its changes. */
export const SEAT_LABELS: Record<string, string> = {
  active: '评审中',
  submitted: '已评分',
  recused: '已回避',
  lapsed: '逾期未评',
  conflict: '利益冲突撤出',
  removed: '已撤出',
};

const DECISION_LABELS: Record<string, string> = {
  falsePositive: '省办认定不构成冲突',
  confirmed: '省办确认存在冲突',
};

/** The form that came back with errors: `fill:<item>` or `conflict:<item>:<expert>`. */
export interface ReviewFormState {
  form: string;
  errors: FieldErrors;
}

function Reason(props: { state: ReviewFormState | null; form: string }): JSX.Element {
  const errors = props.state?.form === props.form ? props.state.errors : {};
  return (
    <label class="field">
      <span class="label">
        理由<em class="req">*</em>
      </span>
      <input
        type="text"
        name="reason"
        maxlength="2000"
        aria-invalid={errors.reason ? 'true' : undefined}
      />
      <Errors errors={errors} name="reason" />
      <Errors errors={errors} name="decision" />
    </label>
  );
}

function FieldsOf(props: { expert: PanelExpert | undefined }): JSX.Element {
  const fields = props.expert?.fields ?? [];
  return fields.length ? (
    <span class="expert-fields">{e(fields.join('、'))}</span>
  ) : (
    <span class="muted">未登记领域</span>
  );
}

export function expertLabel(x: PanelExpert): string {
  return `${x.name}(${x.organization};${x.fields.length ? x.fields.join('、') : '未登记领域'})`;
}

/** The id of the page's one list of the pool's experts, which every panel's form suggests from. */
export const EXPERT_POOL_LIST = 'expert-pool';

/**
 * Replace, add or remove one member: the ASSIGN_PANEL event, with the item's version. The
 * candidate is typed or picked from the page's one `<datalist>` of the pool (written once, not as
 * a select of the whole pool in each of the page's panels, which was most of the page); the
 * event refuses a current member or anyone outside the pool, in words.
 */
function PanelChangeForm(props: {
  review: PanelReview;
  csrf: string;
  state: ReviewFormState | null;
}): JSX.Element {
  const { item, panel } = props.review;
  const form = `panel:${item.id}`;
  const errors = props.state?.form === form ? props.state.errors : {};
  const active = panel.seats.filter(
    (s) => s.round === panel.round && s.status === 'active' && panel.panel.includes(s.expert.id),
  );
  return (
    <form method="post" action={`/review/${item.id}/panel`} class="panel-change-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(item.version)} />
      <h4>调整专家组</h4>
      {Object.keys(errors).length ? (
        <div class="error" role="alert" id={`panel-errors-${item.id}`}>
          {e(Object.values(errors).flat().join(';'))}
        </div>
      ) : (
        ''
      )}
      <div class="filters">
        <label>
          操作
          <select name="op">
            <option value="replace">替换专家</option>
            <option value="add">增加专家</option>
            <option value="remove">撤出专家</option>
          </select>
        </label>
        <label>
          专家组成员(替换或撤出时)
          <select name="member" aria-invalid={errors.member ? 'true' : undefined}>
            <option value="">—</option>
            {active.map((s) => (
              <option value={s.expert.id}>{e(s.expert.displayName)}</option>
            ))}
          </select>
          <Errors errors={errors} name="member" />
        </label>
        <label>
          专家库中的专家(替换或增加时)
          <input
            type="text"
            name="candidate"
            list={EXPERT_POOL_LIST}
            autocomplete="off"
            placeholder="输入姓名、单位或领域后从列表中选择"
            aria-invalid={errors.candidate ? 'true' : undefined}
          />
        </label>
      </div>
      <label class="field">
        <span class="label">
          理由<em class="req">*</em>
        </span>
        <input
          type="text"
          name="reason"
          maxlength="2000"
          aria-invalid={errors.reason ? 'true' : undefined}
        />
        <Errors errors={errors} name="reason" />
      </label>
      <button type="submit" class="panel-change">
        保存调整(同样回避利益冲突,记入审计)
      </button>
    </form>
  );
}

export function PanelCard(props: {
  review: PanelReview;
  csrf: string;
  office: boolean;
  state: ReviewFormState | null;
}) {
  const { item, panel, conflicts, experts } = props.review;
  const shortfall = Math.max(0, panel.target - panel.panel.length);
  const current = panel.seats.filter((s) => s.round === panel.round);
  return (
    <article class="card panel-review" id={`panel-${item.id}`}>
      <h3>
        <a href={`/items/${item.id}`}>{e(item.title)}</a>{' '}
        <small class="muted">
          第 {panel.round} 轮;专家 {panel.panel.length}/{panel.target} 人;成果领域{' '}
          {e(item.domain.name)}
        </small>
        {shortfall ? <span class="overdue-mark">缺 {shortfall} 人</span> : ''}
      </h3>
      <table>
        <thead>
          <tr>
            <th>专家</th>
            <th>单位</th>
            <th>专业领域</th>
            <th>状态</th>
            <th>截止时间</th>
          </tr>
        </thead>
        <tbody>
          {current.map((s) => (
            <tr class="seat" data-expert={s.expert.id}>
              <td>{e(s.expert.displayName)}</td>
              <td>{e(s.expert.organization)}</td>
              <td>
                <FieldsOf expert={experts.get(s.expert.id)} />
              </td>
              <td>{e(SEAT_LABELS[s.status] ?? s.status)}</td>
              <td>{e(formatDeadline(s.dueAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shortfall && props.office ? (
        <form method="post" action={`/review/${item.id}/fill`} class="fill-form">
          <CsrfField token={props.csrf} />
          <Reason state={props.state} form={`fill:${item.id}`} />
          <button type="submit" class="primary">
            从专家库补足专家组
          </button>
        </form>
      ) : (
        ''
      )}
      {props.office ? (
        <PanelChangeForm review={props.review} csrf={props.csrf} state={props.state} />
      ) : (
        ''
      )}
      {conflicts.length ? (
        <>
          <h4>系统提示的利益冲突</h4>
          {conflicts.map((c) => (
            <form
              method="post"
              action={`/review/${item.id}/conflicts/${c.expertId}`}
              class="conflict-form"
            >
              <CsrfField token={props.csrf} />
              <p>
                <strong>{e(experts.get(c.expertId)?.name ?? '评审专家')}</strong>:
                {e(c.suggested.map((s) => `${CONFLICT_LABELS[s.kind]}(${s.with})`).join(';'))}
                {c.decision ? (
                  <span class="badge">{e(DECISION_LABELS[c.decision])}</span>
                ) : (
                  <span class="badge">待省办认定</span>
                )}
              </p>
              {props.office ? (
                <>
                  <Reason state={props.state} form={`conflict:${item.id}:${c.expertId}`} />
                  <button type="submit" name="decision" value="falsePositive">
                    不构成冲突
                  </button>{' '}
                  <button type="submit" name="decision" value="confirmed" class="danger">
                    确认冲突(撤出并替换)
                  </button>
                </>
              ) : (
                ''
              )}
            </form>
          ))}
        </>
      ) : (
        ''
      )}
    </article>
  );
}
