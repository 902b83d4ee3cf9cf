import { escapeHtml as e } from '@kitajs/html';
import { CRITERION_COMMENT_MAX } from '../../../../workflows/achievement-scoring';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import type { ScoreDraft } from '../../../evaluation/expert-assignment.entity';
import type { MyReviewView, MySeatView } from '../../../evaluation/expert-reviews.service';
import { RUBRIC_ANCHORS, rubricFor, type Rubric } from '../../../settings/rubric';
import { criterionLabel, eventLabel, formatDateTime, stateLabel } from '../../shared/web-labels';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';
import { SEAT_LABELS } from '../../review/views/review-panel.components';

/** What the item page shows an expert besides the record: the rubric, their draft and seats. */
export interface ExpertScoringData {
  rubric: Rubric;
  draft: ScoreDraft | null;
  seats: MySeatView[];
}

const SOURCE_LABELS: Record<string, string> = {
  auto: '系统分配',
  office: '省办调整',
  replacement: '替补',
};

function Rubric(props: { criterion: string; rubric: Rubric }): JSX.Element {
  const guide = rubricFor(props.rubric, props.criterion);
  if (!guide) return '';
  return (
    <details class="rubric" data-criterion={props.criterion}>
      <summary>评分指引</summary>
      <p>{e(guide.description)}</p>
      <dl class="anchors">
        {RUBRIC_ANCHORS.map((a) => (
          <>
            <dt>{a} 分</dt>
            <dd>{e(guide.anchors[a])}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

/**
 * The expert's sheet: each criterion with its weight, the rubric (what it asks, what 90, 75 and 60
 * mean), the running weighted total (scoring.js) and a draft saved on every change (htmx), so
 * nothing typed is lost. The same form revises a submitted sheet while the panel is still open.
 */
export function ScoringForm(props: {
  item: AchievementView;
  csrf: string;
  rubric: Rubric;
  draft: ScoreDraft | null;
}): JSX.Element {
  const { item } = props;
  const weights = item.scoring.policy.weights;
  const revising = item.allowedEvents.includes('REVISE_SCORE');
  const mine = item.scoring.scores[0];
  // What the fields start with: the saved draft, else (when revising) the sheet as submitted.
  const start = (key: string): string => {
    const v = props.draft ? props.draft.scores[key] : revising ? mine?.criteria[key] : undefined;
    return v === null || v === undefined ? '' : String(v);
  };
  const startComment = (key: string): string =>
    props.draft
      ? (props.draft.criterionComments[key] ?? '')
      : revising
        ? (mine?.criterionComments?.[key] ?? '')
        : '';
  const overall = props.draft ? props.draft.comment : revising ? (mine?.comment ?? '') : '';
  const missing = item.scoring.panelSize - item.scoring.submitted;
  return (
    <form
      class="scoring-form"
      id="scoring-form"
      method="post"
      action={`/items/${item.id}/events`}
      hx-post={`/items/${item.id}/events`}
      hx-target="#action-result"
      data-weights={JSON.stringify(weights)}
    >
      <h3>{revising ? '修改我的评分' : '专家评分'}</h3>
      {revising && mine ? (
        <p class="notice" id="revise-note">
          您已于 {e(formatDateTime(mine.at))} 提交评分(加权分 {e(mine.weighted)})。专家组还差{' '}
          {missing} 份评分表,评审结束前您可以修改;修改后的评分表替换原来的一份,并记入流转记录。
        </p>
      ) : (
        ''
      )}
      <p class="muted">
        每项 0–100 分,按权重加权;评审为盲评,您看不到其他专家的评分。已收到 {item.scoring.submitted}/
        {item.scoring.policy.quorum} 份评分表。展开各项的“评分指引”可查看 90、75、60 分的含义。
      </p>
      <CsrfField token={props.csrf} />
      <input type="hidden" name="type" value={revising ? 'REVISE_SCORE' : 'SUBMIT_SCORE'} />
      <input type="hidden" name="expectedVersion" value={String(item.version)} />
      <table>
        <thead>
          <tr>
            <th>评分项</th>
            <th>权重</th>
            <th>得分(0–100)</th>
            <th>该项意见(选填)</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(weights).map(([key, weight]) => (
            <tr>
              <td>
                {e(criterionLabel(key))}
                <Rubric criterion={key} rubric={props.rubric} />
              </td>
              <td>{e(weight)}</td>
              <td>
                <input
                  type="number"
                  name={`scores.${key}`}
                  min="0"
                  max="100"
                  step="0.5"
                  required
                  value={start(key)}
                  data-weight={String(weight)}
                  aria-label={criterionLabel(key)}
                />
              </td>
              <td>
                <input
                  type="text"
                  name={`criterionComments.${key}`}
                  maxlength={String(CRITERION_COMMENT_MAX)}
                  value={startComment(key)}
                  aria-label={`${criterionLabel(key)}意见`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="running-total" aria-live="polite">
        当前加权总分:<strong id="running-total">—</strong>
        <small class="muted" id="running-filled"></small>
      </p>
      <label class="field">
        <span class="label">评审意见</span>
        <textarea name="comment" rows="3">
          {e(overall)}
        </textarea>
      </label>
      {/* Saves the draft on every change; the draft is the expert's alone and is not a sheet. */}
      <div
        hidden
        hx-post={`/items/${item.id}/draft`}
        hx-trigger="change from:#scoring-form, keyup changed delay:1s from:#scoring-form"
        hx-include="#scoring-form"
        hx-target="#draft-status"
        hx-swap="innerHTML"
      ></div>
      <p class="muted" id="draft-status" aria-live="polite">
        {props.draft
          ? `已恢复您 ${formatDateTime(props.draft.savedAt)} 保存的草稿`
          : '填写内容会自动保存为草稿,只有您自己可见。'}
      </p>
      <button type="submit" class="primary" data-event={revising ? 'REVISE_SCORE' : 'SUBMIT_SCORE'}>
        {revising ? '保存修改后的评分' : '提交评分'}
      </button>
      <script src="/assets/scoring.js" defer></script>
    </form>
  );
}

/** The expert's own seats on the item: when assigned, when due, and how each seat ended. */
export function SeatHistory(props: { seats: MySeatView[] }): JSX.Element {
  if (!props.seats.length) return '';
  return (
    <table class="seat-history">
      <thead>
        <tr>
          <th>轮次</th>
          <th>来源</th>
          <th>分配时间</th>
          <th>截止时间</th>
          <th>结果</th>
          <th>提交/结束时间</th>
        </tr>
      </thead>
      <tbody>
        {props.seats.map((s) => (
          <tr>
            <td>第 {s.round} 轮</td>
            <td>{e(SOURCE_LABELS[s.source] ?? '—')}</td>
            <td>{e(formatDateTime(s.assignedAt))}</td>
            <td>{e(formatDateTime(s.dueAt))}</td>
            <td>
              {e(SEAT_LABELS[s.status] ?? '—')}
              {s.endReason ? <div class="muted">{e(s.endReason)}</div> : ''}
            </td>
            <td>{e(formatDateTime(s.submittedAt ?? s.endedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The expert's part of the item page: the scoring form while they may score or revise, a link to
 * recusal (its own page, never a button next to the form), and the history of their seats.
 */
export function ExpertScoring(props: {
  item: AchievementView;
  csrf: string;
  expert?: ExpertScoringData;
}): JSX.Element {
  const { item, expert } = props;
  if (!expert) return '';
  const scoring =
    item.allowedEvents.includes('SUBMIT_SCORE') || item.allowedEvents.includes('REVISE_SCORE');
  return (
    <>
      {scoring ? (
        <ScoringForm item={item} csrf={props.csrf} rubric={expert.rubric} draft={expert.draft} />
      ) : (
        ''
      )}
      {item.allowedEvents.includes('RECUSE') ? (
        <div class="card" id="recusal">
          <h3>利益冲突与回避</h3>
          <p class="muted">
            如果您与该成果的完成单位或完成人存在利益关系,不宜参加评审,请申请回避;系统将另派专家。
          </p>
          <a class="button" href={`/items/${item.id}/recuse`} id="recuse-link">
            申请回避…
          </a>
        </div>
      ) : (
        ''
      )}
      {expert.seats.length ? (
        <div id="my-seats">
          <h3>我的评审任务记录</h3>
          <SeatHistory seats={expert.seats} />
        </div>
      ) : (
        ''
      )}
    </>
  );
}

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
