import { escapeHtml as e } from '@kitajs/html';
import { CRITERION_COMMENT_MAX } from '../../../../workflows/achievement-scoring';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { ScoreDraft } from '../../../evaluation/expert-assignment.entity';
import type { ExpertScoringData } from '../scoring.view-model';
import type { MySeatView } from '../../../evaluation/expert-reviews.service';
import { RUBRIC_ANCHORS, rubricFor, type Rubric } from '../../../settings/rubric';
import { criterionLabel, formatDateTime } from '../../shared/web-labels';
import { CsrfField } from '../../shared/layout';
import { SEAT_LABELS } from '../../review/views/review-panel.components';

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
