import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import type { MyReviewView } from '../../../evaluation/expert-reviews.service';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';
import { eventLabel, formatDateTime, stateLabel } from '../../shared/web-labels';
import { SeatHistory } from './scoring.components';

/** Recusal, with what it means, a required reason and a confirmation. */
export function RecusePage(props: {
  user: AuthUser;
  csrf: string;
  item: AchievementView;
  reason: string;
  errors: FieldErrors;
}): JSX.Element {
  const { item } = props;
  return (
    <Layout title={`申请回避:${item.title}`} user={props.user} csrf={props.csrf}>
      <p class="crumbs">
        <a href="/tasks">我的待办</a> › <a href={`/items/${item.id}`}>{e(item.title)}</a> ›
      </p>
      <h1>申请回避</h1>
      <section>
        <h2>什么是回避</h2>
        <p>评审专家与被评成果存在利益关系时,应当主动申请回避,以保证评审公正。常见情形包括:</p>
        <ul>
          <li>您是该成果的完成人,或与完成人有亲属、师生、近三年合作关系;</li>
          <li>您所在单位是该成果的完成单位或申报单位;</li>
          <li>您曾参与该成果的论证、咨询,或与其有其他可能影响公正评审的关系。</li>
        </ul>
        <p>
          申请后您立即退出本成果的评审专家组,不能再为其评分,系统会从专家库另派一名专家;
          回避理由记入流转记录,只有省科技厅成果处可见其中的专家身份。回避提交后不能撤销。
        </p>
      </section>
      <form method="post" action={`/items/${item.id}/recuse`} id="recuse-form">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="expectedVersion" value={String(item.version)} />
        <label class="field">
          <span class="label">
            回避理由<em class="req">*</em>
          </span>
          <textarea name="reason" rows="3" required maxlength="2000">
            {e(props.reason)}
          </textarea>
          <Errors errors={props.errors} name="reason" />
        </label>
        <label class="check">
          <input type="checkbox" name="confirm" value="yes" required /> 我确认与该成果存在利益关系,
          申请回避并退出本成果的评审
        </label>
        <Errors errors={props.errors} name="confirm" />
        <div class="buttons">
          <button type="submit" class="danger">
            确认申请回避
          </button>
          <a class="button" href={`/items/${item.id}`}>
            返回,不回避
          </a>
        </div>
      </form>
    </Layout>
  );
}

/** 「已评」: what the expert scored or was seated on, with their score, the outcome and seats. */
export function MyReviewsPage(props: {
  user: AuthUser;
  csrf: string;
  reviews: MyReviewView[];
  total: number;
  nextCursor: string | null;
  /** Whether this is a later page (then a link back to the first). */
  paged: boolean;
}): JSX.Element {
  return (
    <Layout title="已评成果" user={props.user} csrf={props.csrf}>
      <h1>
        已评成果 <span class="count">{String(props.total)}</span>
      </h1>
      <p class="muted">
        您评过分或曾被分配评审的成果。您只能看到自己的评分表;专家组评审结束后可看到综合得分和结果。
      </p>
      {props.reviews.length ? (
        props.reviews.map((r) => (
          <section class="review" data-item={r.achievement.id}>
            <h2>
              <a href={`/items/${r.achievement.id}`}>{e(r.achievement.title)}</a>{' '}
              <span class={`badge state-${r.achievement.state}`}>
                {e(stateLabel(r.achievement.state))}
              </span>
            </h2>
            <dl>
              <dt>我的加权分</dt>
              <dd class="my-weighted">{e(r.weighted ?? '—')}</dd>
              <dt>提交时间</dt>
              <dd>{e(formatDateTime(r.submittedAt))}</dd>
              <dt>评审结果</dt>
              <dd class="outcome">
                {r.achievement.state === 'expertScoring'
                  ? '专家组评审中'
                  : r.aggregate !== null
                    ? `综合得分 ${r.aggregate}`
                    : '—'}
                {r.outcome ? `;${eventLabel(r.outcome.event)}:${r.outcome.reason}` : ''}
              </dd>
            </dl>
            {r.revisable ? (
              <p>
                <a class="button" href={`/items/${r.achievement.id}#scoring-form`}>
                  修改我的评分
                </a>
              </p>
            ) : (
              ''
            )}
            <SeatHistory seats={r.seats} />
          </section>
        ))
      ) : (
        <p class="muted">暂无已评成果</p>
      )}
      {props.nextCursor || props.paged ? (
        <p class="pager">
          {props.paged ? <a href="/reviews/mine">第一页</a> : ''}{' '}
          {props.nextCursor ? (
            <a rel="next" href={`/reviews/mine?after=${encodeURIComponent(props.nextCursor)}`}>
              下一页
            </a>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
