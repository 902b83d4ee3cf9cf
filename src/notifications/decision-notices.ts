import type { AchievementState } from '../../workflows/achievement.machine';
import { formatDateTime } from '../common/shanghai-time';

/**
 * What a unit is told about a decision on its item: the words of the inbox row and of the e-mail.
 * Pure, so every wording can be read (and tested) without a database. Everything here is read by
 * people outside the office: Chinese only, no state keys or event codes, times in Beijing time.
 */
export interface DecisionNotice {
  kind: string;
  subject: string;
  body: string;
  link: string;
}

/** One transition of an item, as the notifier sees it after the runner has saved it. */
export interface DecisionFacts {
  itemId: string;
  title: string;
  fromState: string;
  state: string;
  event: string;
  /** The decider's comment (the reason of a return, a decline, a rejection…), if any. */
  comment: string | null;
  /** The reason the machine recorded (a score under the threshold, a consensus rejection). */
  outcomeReason: string | null;
  /** The eligibility rules the item failed, in words, when the office rejected it at 形式审查. */
  failedRules: string[];
  at: Date;
}

const RETURNED_BY: Record<string, string> = {
  recommendation: '推荐单位',
  eligibilityCheck: '省科技厅(形式审查)',
};

const REJECTED_AT: Partial<Record<AchievementState, string>> = {
  eligibilityCheck: '形式审查',
  expertScoring: '专家评审',
  consensus: '专家评审(协商)',
  onSiteVerification: '现场核查',
};

/** The notice for a transition, or null when the transition is not a decision a unit hears of. */
export function decisionNotice(f: DecisionFacts): DecisionNotice | null {
  const item = `《${f.title}》`;
  const when = formatDateTime(f.at);
  const page = `/items/${f.itemId}`;
  const reason = (text: string | null) => (text?.trim() ? text.trim() : '未填写');
  if (f.state === 'returned' && f.fromState !== 'returned') {
    const by = RETURNED_BY[f.fromState] ?? '审核方';
    return {
      kind: 'decision.returned',
      subject: `【退回修改】${item}已被退回`,
      body:
        `您单位申报的成果${item}于 ${when} 被${by}退回修改。\n` +
        `退回理由:${reason(f.comment)}\n` +
        '请按意见修改后重新提交;修改页面见下方链接。',
      link: `${page}/edit`,
    };
  }
  if (f.state === 'rejected' && f.fromState === 'recommendation') {
    return {
      kind: 'decision.declined',
      subject: `【不予推荐】${item}未获推荐`,
      body:
        `您单位申报的成果${item}于 ${when} 经推荐单位审核,不予推荐。\n` +
        `理由:${reason(f.comment)}`,
      link: page,
    };
  }
  if (f.state === 'rejected' && f.fromState !== 'rejected') {
    const stage = REJECTED_AT[f.fromState as AchievementState] ?? '审核';
    const lines = [`您单位申报的成果${item}于 ${when} 在${stage}环节未获通过。`];
    if (f.failedRules.length) {
      lines.push(`未通过的审查规则:\n${f.failedRules.map((r) => `· ${r}`).join('\n')}`);
    }
    const why = f.outcomeReason?.trim() || f.comment?.trim();
    if (why && !f.failedRules.includes(why)) lines.push(`理由:${why}`);
    if (!f.failedRules.length && !why) lines.push('理由:未填写');
    return {
      kind: 'decision.rejected',
      subject: `【未通过】${item}在${stage}环节未获通过`,
      body: lines.join('\n'),
      link: page,
    };
  }
  if (f.state === 'inLibrary' && f.fromState === 'onSiteVerification') {
    return {
      kind: 'decision.inLibrary',
      subject: `【已入库】${item}已入选省重大科技成果库`,
      body:
        `祝贺!您单位申报的成果${item}通过现场核查,于 ${when} 入选省重大科技成果库。\n` +
        '入库后请按要求定期报送成果转化与应用进展。',
      link: page,
    };
  }
  if (f.state === 'published' && f.fromState === 'inLibrary') {
    return {
      kind: 'decision.published',
      subject: `【已发布】${item}已向社会公开发布`,
      body: `您单位的成果${item}于 ${when} 在浙里好成果平台公开发布,公众可在公开平台查看。`,
      link: page,
    };
  }
  if (f.state === 'revoked' && f.fromState !== 'revoked') {
    return {
      kind: 'decision.revoked',
      subject: `【已撤销】${item}的入库资格已撤销`,
      body:
        `您单位的成果${item}于 ${when} 被省科技厅撤销入库(发布)资格。\n` +
        `理由:${reason(f.comment)}`,
      link: page,
    };
  }
  return null;
}

/** The notice that an issued edition (月报、季度发布、年度榜单) features the item. */
export function featuredNotice(f: {
  itemId: string;
  title: string;
  editionId: string;
  /** As printed, e.g. 「2026年第11期月报」. */
  editionName: string;
  at: Date;
}): DecisionNotice {
  return {
    kind: 'decision.featured',
    subject: `【入选发布】《${f.title}》入选${f.editionName}`,
    body:
      `您单位的成果《${f.title}》入选${f.editionName},该期已于 ${formatDateTime(f.at)} 签发。\n` +
      '刊物全文可在公开平台的「发布刊物」中查看。',
    link: `/public/editions/${f.editionId}`,
  };
}
