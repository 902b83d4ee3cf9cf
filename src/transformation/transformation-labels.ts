import type {
  CooperationEventType,
  CooperationStatus,
  TransferMode,
} from '../../workflows/cooperation-request.machine';
import type { PartnerKind, PartnerStatus } from './partner-account.entity';
import type { OfferSeek } from './transfer-offer.entity';

/** The words people read for the transformation feature's codes (zh-CN). */
export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  enterprise: '企业',
  investor: '投资机构',
  technologyBroker: '技术经纪机构',
  finance: '金融机构',
  legal: '财会法律服务机构',
  other: '其他',
};

export const PARTNER_STATUS_LABELS: Record<PartnerStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  refused: '未通过',
};

export const TRANSFER_MODE_LABELS: Record<TransferMode, string> = {
  assignment: '转让',
  licence: '许可',
  equity: '作价入股',
  jointDevelopment: '合作开发',
  technicalService: '技术服务',
};

export const OFFER_SEEK_LABELS: Record<OfferSeek, string> = {
  capital: '资金',
  pilotLine: '中试线',
  applicationScenario: '应用场景',
};

/**
 * The cooperation request's words, for its pages and (through its workflow definition) the audit
 * trail, which reads a row's states in its own workflow's words: a request's `submitted` is
 * 待单位答复 there, not an item's 已报送.
 */
export const COOPERATION_STATUS_LABELS: Record<CooperationStatus, string> = {
  submitted: '待单位答复',
  accepted: '单位已接受',
  declined: '单位已婉拒',
  meetingScheduled: '已约洽谈',
  negotiating: '商谈中',
  agreed: '已签约',
  closed: '已关闭',
};

export const COOPERATION_EVENT_LABELS: Record<CooperationEventType, string> = {
  ACCEPT_REQUEST: '接受对接请求',
  DECLINE_REQUEST: '婉拒对接请求',
  SCHEDULE_MEETING: '安排洽谈',
  START_NEGOTIATION: '进入商谈',
  AGREE: '签约成交',
  CLOSE_REQUEST: '关闭对接请求',
  STALE_CLOSE: '长期无进展自动关闭',
};

/** Yuan as people read it: 120 万元 above ten thousand, else 元. */
export function formatYuan(yuan: number): string {
  if (yuan >= 10_000)
    return `${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
  return `${yuan.toLocaleString('zh-CN')} 元`;
}
