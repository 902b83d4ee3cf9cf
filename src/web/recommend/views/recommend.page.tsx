import { escapeHtml as e } from '@kitajs/html';
import type { AchievementSummaryView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { BULK_ACTIONS, type BulkAction } from '../recommend-bulk.service';
import { type BulkOutcome, type MyDecision } from '../recommend.view-model';
import { eventLabel, formatDateTime } from '../../shared/web-labels';
import { StateBadge } from '../../shared/state-badge.components';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';

/** The summary of one bulk step: how many went through, and each failure with its reason. */
function Summary(props: { outcomes: BulkOutcome[]; action: BulkAction }): JSX.Element {
  const ok = props.outcomes.filter((o) => o.ok);
  const failed = props.outcomes.filter((o) => !o.ok);
  return (
    <section class={failed.length ? 'card error' : 'card ok'} id="bulk-summary" role="status">
      <h2>
        批量{e(BULK_ACTIONS[props.action].label)}结果:成功 {ok.length} 项,未成功 {failed.length} 项
      </h2>
      <ul>
        {ok.map((o) => (
          <li class="bulk-ok">
            <a href={`/items/${o.id}`}>{e(o.title)}</a>:已{e(BULK_ACTIONS[props.action].label)}
            ,当前状态 <StateBadge state={o.state!} />
          </li>
        ))}
        {failed.map((o) => (
          <li class="bulk-failed" data-status={String(o.status)}>
            <a href={`/items/${o.id}`}>{e(o.title)}</a>:未成功——{e(o.message ?? '')}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RecommendPage(props: {
  user: AuthUser;
  csrf: string;
  waiting: AchievementSummaryView[];
  nextCursor: string | null;
  decisions: { period: string; rows: MyDecision[]; total: number };
  outcomes?: BulkOutcome[];
  action?: BulkAction;
  errors: FieldErrors;
  reason: string;
}): JSX.Element {
  const errors = props.errors;
  return (
    <Layout title="批量推荐" user={props.user} csrf={props.csrf}>
      <h1>批量推荐与退回</h1>
      {props.outcomes && props.action ? (
        <Summary outcomes={props.outcomes} action={props.action} />
      ) : (
        ''
      )}
      {Object.keys(errors).length ? (
        <div class="error" role="alert" id="form-errors">
          提交的数据有误:{e(Object.values(errors).flat().join(';'))}
        </div>
      ) : (
        ''
      )}
      <section id="recommend-waiting">
        <h2>
          待本单位推荐 <span class="count">{props.waiting.length}</span>
        </h2>
        {props.waiting.length ? (
          <form method="post" action="/recommend" id="bulk-form">
            <CsrfField token={props.csrf} />
            <p class="muted">
              勾选成果后一并推荐或退回;每项成果单独记录审计,若某项已被他人改动,只有该项不成功。
            </p>
            <Errors errors={errors} name="ids" />
            <table>
              <thead>
                <tr>
                  <th>
                    <label>
                      <input type="checkbox" class="select-all" data-select="ids" /> 全选
                    </label>
                  </th>
                  <th>成果</th>
                  <th>申报单位</th>
                  <th>类别</th>
                  <th>领域</th>
                  <th>最近更新</th>
                </tr>
              </thead>
              <tbody>
                {props.waiting.map((item) => (
                  <tr>
                    <td>
                      <input type="checkbox" name="ids" value={item.id} aria-label={item.title} />
                      <input
                        type="hidden"
                        name={`version:${item.id}`}
                        value={String(item.version)}
                      />
                    </td>
                    <td>
                      <a href={`/items/${item.id}`}>{e(item.title)}</a>
                    </td>
                    <td>{e(item.ownerOrganization.name)}</td>
                    <td>{e(item.categoryLabel)}</td>
                    <td>{e(item.domain.name)}</td>
                    <td>{e(formatDateTime(item.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label class="field">
              <span class="label">意见(退回修改时必填,将告知申报单位)</span>
              <textarea
                name="reason"
                rows="2"
                maxlength="2000"
                aria-invalid={errors.reason ? 'true' : undefined}
              >
                {e(props.reason)}
              </textarea>
              <Errors errors={errors} name="reason" />
            </label>
            <div class="buttons">
              <button
                type="submit"
                class="primary"
                name="action"
                value="recommend"
                id="bulk-recommend"
              >
                推荐所选成果
              </button>
              <button type="submit" name="action" value="return" id="bulk-return">
                退回所选成果修改
              </button>
            </div>
          </form>
        ) : (
          <p class="muted">暂无待推荐的成果</p>
        )}
        {props.nextCursor ? (
          <p class="pager">
            <a href={`/recommend?cursor=${encodeURIComponent(props.nextCursor)}`}>下一页</a>
          </p>
        ) : (
          ''
        )}
      </section>
      <section id="recommend-decided">
        <h2>
          本期({e(props.decisions.period)} 批次)已处理{' '}
          <span class="count">{String(props.decisions.total)}</span>
        </h2>
        {props.decisions.total > props.decisions.rows.length ? (
          <p class="muted">仅列出最近 {String(props.decisions.rows.length)} 条。</p>
        ) : (
          ''
        )}
        {props.decisions.rows.length ? (
          <table>
            <thead>
              <tr>
                <th>成果</th>
                <th>我的处理</th>
                <th>时间</th>
                <th>意见</th>
                <th>当前状态</th>
              </tr>
            </thead>
            <tbody>
              {props.decisions.rows.map((d) => (
                <tr>
                  <td>
                    <a href={`/items/${d.itemId}`}>{e(d.title)}</a>
                  </td>
                  <td>{e(eventLabel(d.event))}</td>
                  <td>{e(formatDateTime(d.at))}</td>
                  <td>{e(d.comment ?? '')}</td>
                  <td>
                    <StateBadge state={d.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="muted">本期尚未推荐、退回或不予推荐任何成果</p>
        )}
      </section>
    </Layout>
  );
}
