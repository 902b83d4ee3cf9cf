import type { TransferMode } from '../../workflows/cooperation-request.machine';
import { COOPERATION_EVENT_LABELS, COOPERATION_STATE_LABELS } from '../workflow/audit-labels';
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

/** The request's states and events: the audit trail's own words, one table. */
export const COOPERATION_STATUS_LABELS = COOPERATION_STATE_LABELS;
export { COOPERATION_EVENT_LABELS };

/** Yuan as people read it: 120 万元 above ten thousand, else 元. */
export function formatYuan(yuan: number): string {
  if (yuan >= 10_000)
    return `${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
  return `${yuan.toLocaleString('zh-CN')} 元`;
}
