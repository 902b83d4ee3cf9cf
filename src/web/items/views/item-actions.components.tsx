import { escapeHtml as e } from '@kitajs/html';
import { EVENTS_REQUIRING_COMMENT } from '../../../../workflows/achievement.machine';
import type { AchievementView } from '../../../achievements/achievement.view';
import { confirmationFor } from '../../shared/confirmations';
import { CsrfField } from '../../shared/layout';
import { eventLabel } from '../../shared/web-labels';

/**
 * Events not sent from the item page's buttons: scores have their own form, recusal its own page
 * (scoring/views/scoring.page.tsx), and the panel is adjusted on the batch assignment review page (/review),
 * where its gaps and conflicts are shown.
 */
const NOT_IN_CONSOLE = ['SUBMIT_SCORE', 'REVISE_SCORE', 'RECUSE', 'ASSIGN_PANEL'];

/** A button per choice: most events are one button; the consensus decision is two. */
function choicesOf(type: string): { value: string; label: string }[] {
  if (type === 'DECIDE_CONSENSUS') {
    return [
      { value: 'DECIDE_CONSENSUS:pass', label: '协商决定:通过' },
      { value: 'DECIDE_CONSENSUS:reject', label: '协商决定:不通过' },
    ];
  }
  return [{ value: type, label: eventLabel(type) }];
}

/** The action buttons; `only` narrows them to one step's events (the visit page's decision). */
export function Actions(props: {
  item: AchievementView;
  csrf: string;
  only?: string[];
}): JSX.Element {
  const events = props.item.allowedEvents.filter(
    (t) => !NOT_IN_CONSOLE.includes(t) && (!props.only || props.only.includes(t)),
  );
  const apiOnly = props.only ? [] : props.item.allowedEvents.filter((t) => t === 'ASSIGN_PANEL');
  if (!events.length && !apiOnly.length) {
    // An expert's sheet (score, revise, recuse) has its own form below: no "nothing to do" above it.
    const scoring = props.item.allowedEvents.some((t) => NOT_IN_CONSOLE.includes(t));
    return scoring ? '' : <p class="muted">当前没有您可以执行的操作。</p>;
  }
  return (
    <form
      class="actions-form"
      method="post"
      action={`/items/${props.item.id}/events`}
      hx-post={`/items/${props.item.id}/events`}
      hx-target="#action-result"
    >
      <CsrfField token={props.csrf} />
      <input
        type="hidden"
        name="expectedVersion"
        id="action-version"
        value={String(props.item.version)}
      />
      <label class="field">
        <span class="label">意见/理由</span>
        <textarea
          name="comment"
          rows="3"
          placeholder="撤回、退回、不予推荐、不通过、争议、撤销等操作必须填写理由"
        ></textarea>
      </label>
      <div class="buttons">
        {events.flatMap((type) =>
          choicesOf(type).map((choice) => (
            <button
              type="submit"
              name="type"
              value={choice.value}
              class={EVENTS_REQUIRING_COMMENT.includes(type as never) ? 'danger' : 'primary'}
              data-event={choice.value}
              data-confirm={confirmationFor(choice.value)}
              data-needs-reason={EVENTS_REQUIRING_COMMENT.includes(type as never) ? '' : undefined}
            >
              {e(choice.label)}
            </button>
          )),
        )}
      </div>
      {apiOnly.length ? (
        <p class="muted">
          {e(apiOnly.map((t) => eventLabel(t)).join('、'))}请在
          <a href="/review" id="review-link">
            评审分配审核
          </a>
          页面办理(补足专家组、认定利益冲突)。
        </p>
      ) : (
        ''
      )}
    </form>
  );
}
