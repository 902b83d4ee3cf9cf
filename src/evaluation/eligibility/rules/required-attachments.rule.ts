import { ATTACHMENT_KIND_LABELS } from '../../../attachments/attachment-labels';
import { fail, pass, type EligibilityRule } from '../eligibility-rule';

const label = (kind: string) =>
  (ATTACHMENT_KIND_LABELS as Record<string, string>)[kind] ?? '其他附件';

/** Every category: the attachment kinds configured for the category are present. */
export const requiredAttachmentsRule: EligibilityRule = {
  key: 'requiredAttachments',
  label: '必备附件齐全',
  categories: 'all',
  check({ category, attachmentKinds, requiredAttachments }) {
    const required = requiredAttachments[category] ?? [];
    const missing = required.filter((kind) => !attachmentKinds.includes(kind));
    if (missing.length) return fail(`缺少附件:${missing.map(label).join('、')}`);
    return pass(required.length ? `已附:${required.map(label).join('、')}` : '该类别无必备附件');
  },
};
