/**
 * The parts of an issued document the office edits rather than the code: who compiles and
 * issues it, who prints it, and the default 报 (principal recipients) and 抄送 (copy recipients)
 * lists of its closing block. Kept here, in a leaf, because the releases and the statistics
 * features both lay out documents and neither may import the other.
 */
export interface OfficialDocumentSettings {
  /** The office that compiles the monthly report: its header reads 「{office}编」. */
  compilingOffice: string;
  /** The office that issues the annual list and the ranking report, named in their header. */
  issuingOffice: string;
  /** The office named in the closing block as the one that printed the paper. */
  printingOffice: string;
  /** 报: the default principal recipients when a document has none of its own. */
  principalRecipients: string[];
  /** 抄送: the default copy recipients. */
  copyRecipients: string[];
}

export const DEFAULT_OFFICIAL_DOCUMENT_SETTINGS: OfficialDocumentSettings = {
  compilingOffice: '浙江省科学技术厅',
  issuingOffice: '浙江省科学技术厅',
  printingOffice: '浙江省科学技术厅办公室',
  principalRecipients: ['省委办公厅', '省政府办公厅'],
  copyRecipients: ['科技部', '各设区市科技局'],
};

const OFFICE_FIELDS = ['compilingOffice', 'issuingOffice', 'printingOffice'] as const;
const LIST_FIELDS = ['principalRecipients', 'copyRecipients'] as const;
const MAX_OFFICE = 60;
const MAX_RECIPIENT = 100;
const MAX_RECIPIENTS = 50;

/**
 * What is wrong with each field of a submitted change, in words for the office (an empty object
 * when nothing is). Every field is optional: a change names only what it changes.
 */
export function officialSettingsProblems(body: unknown): Record<string, string> {
  const problems: Record<string, string> = {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { body: '请提交公文设置' };
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (![...OFFICE_FIELDS, ...LIST_FIELDS].includes(key as never)) problems[key] = '不支持的字段';
  }
  for (const field of OFFICE_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !value.trim()) problems[field] = '请填写机关名称';
    else if (value.trim().length > MAX_OFFICE) problems[field] = `不超过${MAX_OFFICE}个字`;
  }
  for (const field of LIST_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !v.trim())) {
      problems[field] = '请逐项填写机关名称';
    } else if (value.length > MAX_RECIPIENTS) {
      problems[field] = `不超过${MAX_RECIPIENTS}项`;
    } else if (value.some((v: string) => v.trim().length > MAX_RECIPIENT)) {
      problems[field] = `每项不超过${MAX_RECIPIENT}个字`;
    }
  }
  return problems;
}

/** The stored settings over the defaults, with a valid change applied (trimmed). */
export function mergeOfficialSettings(
  current: Partial<OfficialDocumentSettings> | undefined,
  change: Partial<OfficialDocumentSettings> = {},
): OfficialDocumentSettings {
  const merged = { ...DEFAULT_OFFICIAL_DOCUMENT_SETTINGS, ...current };
  for (const field of OFFICE_FIELDS) {
    if (change[field] !== undefined) merged[field] = change[field].trim();
  }
  for (const field of LIST_FIELDS) {
    if (change[field] !== undefined) merged[field] = change[field].map((v) => v.trim());
  }
  return merged;
}
