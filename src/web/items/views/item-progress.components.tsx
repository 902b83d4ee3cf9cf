import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import { formatDateTime, formatDeadline, stateLabel } from '../../shared/web-labels';

/** The road an item normally travels; 专家协商 only when the experts disagree. */
export const MAIN_PATH = [
  'draft',
  'recommendation',
  'submitted',
  'eligibilityCheck',
  'expertScoring',
  'onSiteVerification',
  'inLibrary',
  'published',
] as const;

/** Off-road states, drawn at the step of the road they belong to. */
const AT_STEP: Record<string, string> = {
  returned: 'draft',
  consensus: 'expertScoring',
};

/** What happens next at each step, in the words of the person waiting for it. */
const NEXT: Record<string, string> = {
  draft: '申报单位完善信息、上传附件后提交推荐',
  returned: '申报单位按退回意见修改后重新提交',
  recommendation: '推荐单位审核,择优推荐或退回修改',
  submitted: '等待本批次征集截止,截止后进入形式审查',
  eligibilityCheck: '省科技厅成果处进行形式审查',
  expertScoring: '评审专家按评分标准打分',
  consensus: '专家意见分歧,由成果处组织协商决定',
  onSiteVerification: '核查组现场核查,成果处确认核查结果',
  inLibrary: '已入库,等待成果处发布',
  published: '已在公开平台发布',
  suspended: '有争议待成果处处理,处理后恢复原流程',
  rejected: '流程已结束(未通过)',
  withdrawn: '流程已结束(申报单位已撤回)',
  revoked: '流程已结束(已撤销)',
};

export interface ProgressProps {
  item: AchievementView;
  /** The states the item has been in, in order. */
  path: string[];
  /** When the current step is due, if it has a deadline (batch close, scoring deadline). */
  due: { at: string; what: string } | null;
}

/**
 * Where the item is, what comes next and by when: a row of the main road's steps, those passed
 * ticked and the current one marked. An item that ended early shows where it stopped.
 */
export function ProgressStepper(props: ProgressProps): JSX.Element {
  const { item, path } = props;
  const ended = ['rejected', 'withdrawn', 'revoked'].includes(item.state);
  const live = item.state === 'suspended' ? (item.suspendedFrom ?? 'draft') : item.state;
  // Where the item stands on the road: its own step, or for an ended item the last step it reached.
  const reached = ended
    ? ([...path].reverse().find((s) => MAIN_PATH.includes(s as never) || AT_STEP[s]) ?? 'draft')
    : live;
  const here = MAIN_PATH.indexOf((AT_STEP[reached] ?? reached) as never);
  return (
    <section id="progress" class="progress" aria-label="办理进度">
      <h2>办理进度</h2>
      <ol class="stepper">
        {MAIN_PATH.map((step, i) => {
          const status =
            i < here || (i === here && item.state === 'published')
              ? 'done'
              : i === here
                ? ended
                  ? 'ended'
                  : 'current'
                : 'todo';
          const label = i === here && !ended && AT_STEP[live] ? stateLabel(live) : stateLabel(step);
          return (
            <li
              class={`step ${status}`}
              data-state={step}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              <span class="dot">{status === 'done' ? '✓' : String(i + 1)}</span>
              <span class="name">{e(label)}</span>
            </li>
          );
        })}
      </ol>
      <p id="progress-now">
        <strong>当前:{e(stateLabel(item.state))}</strong>。下一步:{e(NEXT[item.state] ?? '—')}
        {props.due ? (
          <>
            ;
            <span id="progress-due">
              {e(props.due.what)}:{e(formatDeadline(props.due.at))}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      <p class="muted">
        <a href={`/items/${item.id}/diagram`} id="diagram-link">
          查看完整流程图
        </a>
      </p>
    </section>
  );
}

/** The parts of the edit form a return may concern, with the words that point at each. */
const FIX_TARGETS: { anchor: string; label: string; words: string[] }[] = [
  { anchor: 'field-title', label: '成果名称', words: ['名称', '标题'] },
  { anchor: 'field-summary', label: '成果简介', words: ['简介', '摘要', '介绍'] },
  { anchor: 'field-category', label: '成果类别', words: ['类别'] },
  { anchor: 'field-domain', label: '战略领域', words: ['领域'] },
  { anchor: 'field-levelClaim', label: '水平自评', words: ['水平', '自评'] },
  { anchor: 'section-units', label: '完成单位', words: ['完成单位'] },
  { anchor: 'section-completers', label: '完成人', words: ['完成人', '人员'] },
  { anchor: 'section-ip', label: '知识产权', words: ['知识产权', '专利', '权属'] },
  {
    anchor: 'section-evidence',
    label: '类别证明材料',
    words: ['证明', '论文', '产业化', '应用', '替代'],
  },
];

/**
 * A returned item's reason, at the top of its page, with links straight into the edit form at the
 * fields to fix: those the reason names first (marked), then the rest of the form's sections.
 */
export function ReturnedNotice(props: {
  item: AchievementView;
  returned: { reason: string; at: string; by: string };
}): JSX.Element {
  const { item, returned } = props;
  const named = (t: (typeof FIX_TARGETS)[number]) =>
    t.words.some((w) => returned.reason.includes(w)) || returned.reason.includes(t.label);
  const targets = [...FIX_TARGETS.filter(named), ...FIX_TARGETS.filter((t) => !named(t))];
  const anchor = (t: (typeof FIX_TARGETS)[number]) =>
    t.anchor === 'section-evidence' ? `section-evidence-${item.category}` : t.anchor;
  return (
    <section id="returned-notice" class="returned-notice" role="alert">
      <h2>已退回修改,请按意见修改后重新提交</h2>
      <p>
        <strong>退回理由:</strong>
        <span id="return-reason">{e(returned.reason)}</span>
      </p>
      <p class="muted">
        {e(returned.by)} 于 {e(formatDateTime(returned.at))} 退回
      </p>
      <p id="fix-links">
        直接修改:
        {targets.map((t) => (
          <>
            <a
              href={`/items/${item.id}/edit#${anchor(t)}`}
              class={named(t) ? 'fix mentioned' : 'fix'}
              data-field={t.anchor}
            >
              {e(t.label)}
            </a>{' '}
          </>
        ))}
        {returned.reason.includes('附件') ? (
          <a href="#attachments" class="fix mentioned">
            附件
          </a>
        ) : (
          ''
        )}
      </p>
    </section>
  );
}
