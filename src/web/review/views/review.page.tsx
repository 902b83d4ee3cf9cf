import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import type { PanelExpert } from '../../../evaluation/panel-experts.service';
import type { BatchSummary, EligibilityRow, Paged, PanelReview } from '../review-read.service';
import { Actions } from '../../items/views/item-actions.components';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';
import {
  EXPERT_POOL_LIST,
  PanelCard,
  expertLabel,
  type ReviewFormState,
} from './review-panel.components';

export { SEAT_LABELS, type ReviewFormState } from './review-panel.components';

/** Each rule's result for one item: passed, failed, or for the office to judge, with the evidence. */
function RuleResults(props: { row: EligibilityRow }): JSX.Element {
  return (
    <ul class="rule-results">
      {props.row.checklist.map((r) => (
        <li
          class={r.passed ? 'rule-passed' : r.judgement ? 'rule-judgement' : 'rule-failed'}
          data-rule={r.rule}
        >
          <span
            class={`badge ${r.passed ? 'body-reported' : r.judgement ? 'state-returned' : 'body-pending'}`}
          >
            {r.passed ? '通过' : r.judgement ? '需人工判断' : '未通过'}
          </span>{' '}
          {e(r.label)}:<span class="muted">{e(r.reason)}</span>
        </li>
      ))}
    </ul>
  );
}

function Summary(props: { summary: BatchSummary }): JSX.Element {
  const { passed, failed } = props.summary;
  const full = passed.filter((p) => p.panel >= p.target).length;
  return (
    <section class={failed.length ? 'card error' : 'card ok'} id="batch-summary" role="status">
      <h2>
        批量通过结果:通过 {passed.length} 项,未通过 {failed.length} 项;组建专家组 {passed.length}{' '}
        个(满员 {full} 个)
      </h2>
      <ul>
        {passed.map((p) => (
          <li class="summary-passed">
            <a href={`#panel-${p.item.id}`}>{e(p.item.title)}</a>:专家组 {p.panel}/{p.target} 人
            {p.panel < p.target ? <span class="overdue-mark">缺 {p.target - p.panel} 人</span> : ''}
          </li>
        ))}
        {failed.map((f) => (
          <li class="summary-failed">
            <a href={`/items/${f.id}`}>{e(f.title)}</a>:未通过——{e(f.reasons.join(';'))}
            {f.reasons.length && !f.reasons[0].startsWith('已不在')
              ? '(如仍予通过,请勾选并填写意见)'
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Pager(props: { param: string; cursor: string | null }): JSX.Element {
  return props.cursor ? (
    <p class="pager">
      <a href={`/review?${props.param}=${encodeURIComponent(props.cursor)}`}>下一页</a>
    </p>
  ) : (
    ''
  );
}

/** The office's batch assignment review: the panels now scoring, their gaps and conflicts, and the consensus cases. */
export function ReviewPage(props: {
  user: AuthUser;
  csrf: string;
  eligibility: Paged<EligibilityRow>;
  panels: Paged<PanelReview>;
  consensus: Paged<AchievementView>;
  pool: PanelExpert[];
  summary: BatchSummary | null;
  changed: string | null;
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
      {props.summary ? <Summary summary={props.summary} /> : ''}
      {props.changed ? (
        <p class="notice" role="status" id="panel-changed">
          评审专家组已调整,新专家已收到评审任务;调整已记入审计。
        </p>
      ) : (
        ''
      )}
      <section id="review-eligibility">
        <h2>
          形式审查待通过 <span class="count">{props.eligibility.items.length}</span>
        </h2>
        {props.eligibility.items.length && props.office ? (
          <form method="post" action="/review/eligibility" id="batch-pass-form">
            <CsrfField token={props.csrf} />
            <p class="muted">
              勾选的成果一并通过形式审查,系统统筹分配各项成果的评审专家组(回避利益冲突、均衡工作量)。
            </p>
            <Errors errors={eligibilityErrors} name="ids" />
            <table>
              <thead>
                <tr>
                  <th>
                    <label>
                      <input type="checkbox" class="select-all" data-select="ids" id="select-all" />{' '}
                      全选
                    </label>
                  </th>
                  <th>成果</th>
                  <th>单位</th>
                  <th>领域</th>
                  <th>形式审查规则</th>
                </tr>
              </thead>
              <tbody>
                {props.eligibility.items.map(({ item, checklist }) => (
                  <tr id={`eligibility-${item.id}`}>
                    <td>
                      <input type="checkbox" name="ids" value={item.id} aria-label={item.title} />
                    </td>
                    <td>
                      <a href={`/items/${item.id}`}>{e(item.title)}</a>
                    </td>
                    <td>{e(item.ownerOrganization.name)}</td>
                    <td>{e(item.domain.name)}</td>
                    <td>
                      <RuleResults row={{ item, checklist }} />
                    </td>
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
        <Pager param="ecursor" cursor={props.eligibility.nextCursor} />
      </section>
      <section id="review-panels">
        <h2>
          评审中的专家组 <span class="count">{props.panels.items.length}</span>
        </h2>
        {props.panels.items.length ? (
          props.panels.items.map((review) => (
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
        <Pager param="pcursor" cursor={props.panels.nextCursor} />
        {props.office && props.panels.items.length ? (
          <datalist id={EXPERT_POOL_LIST}>
            {props.pool.map((x) => (
              <option value={x.id}>{e(expertLabel(x))}</option>
            ))}
          </datalist>
        ) : (
          ''
        )}
      </section>
      <section id="review-consensus">
        <h2>
          待协商处理 <span class="count">{props.consensus.items.length}</span>
        </h2>
        <div id="action-result"></div>
        {props.consensus.items.length ? (
          props.consensus.items.map((item) => (
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
        <Pager param="ccursor" cursor={props.consensus.nextCursor} />
      </section>
    </Layout>
  );
}
