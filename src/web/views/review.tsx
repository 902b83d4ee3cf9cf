import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../achievements/achievement.view';
import type { AuthUser } from '../../auth/auth-user';
import type { FieldErrors } from '../../common/domain-errors';
import { CONFLICT_LABELS } from '../../evaluation/conflicts/conflict-rules';
import type { PanelReview } from '../review-web.controller';
import { formatDeadline } from '../web-labels';
import { Actions } from './item';
import { Errors } from './item-form';
import { CsrfField, Layout } from './layout';

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

function PanelCard(props: {
  review: PanelReview;
  csrf: string;
  office: boolean;
  state: ReviewFormState | null;
}) {
  const { item, panel, conflicts, names } = props.review;
  const shortfall = Math.max(0, panel.target - panel.panel.length);
  const current = panel.seats.filter((s) => s.round === panel.round);
  return (
    <article class="card panel-review" id={`panel-${item.id}`}>
      <h3>
        <a href={`/items/${item.id}`}>{e(item.title)}</a>{' '}
        <small class="muted">
          第 {panel.round} 轮;专家 {panel.panel.length}/{panel.target} 人
        </small>
        {shortfall ? <span class="overdue-mark">缺 {shortfall} 人</span> : ''}
      </h3>
      <table>
        <thead>
          <tr>
            <th>专家</th>
            <th>单位</th>
            <th>状态</th>
            <th>截止时间</th>
          </tr>
        </thead>
        <tbody>
          {current.map((s) => (
            <tr>
              <td>{e(s.expert.displayName)}</td>
              <td>{e(s.expert.organization)}</td>
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
                <strong>{e(names.get(c.expertId) ?? c.expertId)}</strong>:
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

/** The office's batch assignment review: the panels now scoring, their gaps and conflicts, and the consensus cases. */
export function ReviewPage(props: {
  user: AuthUser;
  csrf: string;
  eligibility: AchievementView[];
  panels: PanelReview[];
  consensus: AchievementView[];
  office: boolean;
  state: ReviewFormState | null;
}): JSX.Element {
  const eligibilityErrors = props.state?.form === 'eligibility' ? props.state.errors : {};
  return (
    <Layout title="评审分配审核" user={props.user} csrf={props.csrf}>
      <h1>评审分配审核</h1>
      {props.state ? (
        <div class="error" role="alert" id="form-errors">
          提交的数据有误:{e(Object.values(props.state.errors).flat().join(';'))}
        </div>
      ) : (
        ''
      )}
      <section id="review-eligibility">
        <h2>
          形式审查待通过 <span class="count">{props.eligibility.length}</span>
        </h2>
        {props.eligibility.length && props.office ? (
          <form method="post" action="/review/eligibility" id="batch-pass-form">
            <CsrfField token={props.csrf} />
            <p class="muted">
              勾选的成果一并通过形式审查,系统统筹分配各项成果的评审专家组(回避利益冲突、均衡工作量)。
            </p>
            <Errors errors={eligibilityErrors} name="ids" />
            <table>
              <thead>
                <tr>
                  <th>选择</th>
                  <th>成果</th>
                  <th>单位</th>
                  <th>领域</th>
                </tr>
              </thead>
              <tbody>
                {props.eligibility.map((item) => (
                  <tr>
                    <td>
                      <input type="checkbox" name="ids" value={item.id} aria-label={item.title} />
                    </td>
                    <td>
                      <a href={`/items/${item.id}`}>{e(item.title)}</a>
                    </td>
                    <td>{e(item.ownerOrganization.name)}</td>
                    <td>{e(item.domain.name)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label class="field">
              <span class="label">意见(有规则未通过的成果须填写理由)</span>
              <textarea
                name="comment"
                rows="2"
                aria-invalid={eligibilityErrors.comment ? 'true' : undefined}
              ></textarea>
              <Errors errors={eligibilityErrors} name="comment" />
            </label>
            <button type="submit" class="primary" id="batch-pass">
              批量通过形式审查
            </button>
          </form>
        ) : (
          <p class="muted">暂无</p>
        )}
      </section>
      <section id="review-panels">
        <h2>
          评审中的专家组 <span class="count">{props.panels.length}</span>
        </h2>
        {props.panels.length ? (
          props.panels.map((review) => (
            <PanelCard
              review={review}
              csrf={props.csrf}
              office={props.office}
              state={props.state}
            />
          ))
        ) : (
          <p class="muted">暂无</p>
        )}
      </section>
      <section id="review-consensus">
        <h2>
          待协商处理 <span class="count">{props.consensus.length}</span>
        </h2>
        <div id="action-result"></div>
        {props.consensus.length ? (
          props.consensus.map((item) => (
            <article class="card" id={`consensus-${item.id}`}>
              <h3>
                <a href={`/items/${item.id}`}>{e(item.title)}</a>{' '}
                <small class="muted">
                  第 {item.scoring.round} 轮评分 {item.scoring.submitted} 份
                </small>
              </h3>
              <Actions
                item={item}
                csrf={props.csrf}
                only={['DECIDE_CONSENSUS', 'OPEN_SECOND_ROUND']}
              />
            </article>
          ))
        ) : (
          <p class="muted">暂无</p>
        )}
      </section>
    </Layout>
  );
}
