import { escapeHtml as e } from '@kitajs/html';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  LEVEL_CLAIMS,
  LEVEL_CLAIM_LABELS,
} from '../../../reference/achievement-category';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { valueAt, type RecordForm } from '../achievement-form';
import { ATTACHMENT_KINDS } from '../../../attachments/attachment.entity';
import { ATTACHMENT_KIND_LABELS } from '../../shared/web-labels';
import { CsrfField, Layout } from '../../shared/layout';
import { Errors } from '../../shared/field-errors.components';

export interface ItemFormProps {
  user: AuthUser;
  csrf: string;
  /** null: a new item. */
  itemId: string | null;
  form: RecordForm;
  errors: FieldErrors;
  domains: { key: string; name: string }[];
}

/** Field names shown in the error summary. */
const FIELD_LABELS: Record<string, string> = {
  title: '成果名称',
  summary: '成果简介',
  category: '成果类别',
  domain: '战略领域',
  levelClaim: '水平自评',
  completingUnits: '完成单位',
  completers: '完成人',
  ip: '知识产权',
  'ip.owner': '知识产权权属人',
  'ip.patents': '专利号',
  'ip.noDispute': '权属无争议声明',
  evidence: '类别证明材料',
  'evidence.papers': '代表性论文',
  'evidence.replaces': '替代的进口产品或"卡脖子"环节',
  'evidence.industrialization': '产业化情况',
  'evidence.project': '应用的国家重大工程或设施',
  'evidence.usage': '应用情况',
  files: '附件',
};

export function fieldLabel(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const row = /^(completingUnits|completers|evidence\.papers)\.(\d+)\.(\w+)$/.exec(path);
  if (row) {
    const sub: Record<string, string> = {
      name: '名称/姓名',
      unit: '单位',
      title: '职称/题目',
      journal: '期刊',
      year: '年份',
      doi: 'DOI',
    };
    return `${FIELD_LABELS[row[1]]}第${Number(row[2]) + 1}行 ${sub[row[3]] ?? row[3]}`;
  }
  return path;
}

function str(form: RecordForm, path: string): string {
  const value = valueAt(form, path);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function Input(props: {
  form: RecordForm;
  errors: FieldErrors;
  name: string;
  label: string;
  type?: string;
  required?: boolean;
}): JSX.Element {
  const invalid = props.errors[props.name] ? 'true' : undefined;
  return (
    <label class="field" id={`field-${props.name}`}>
      <span class="label">
        {e(props.label)}
        {props.required ? <em class="req">*</em> : ''}
      </span>
      <input
        type={props.type ?? 'text'}
        name={props.name}
        value={str(props.form, props.name)}
        aria-invalid={invalid}
      />
      <Errors errors={props.errors} name={props.name} />
    </label>
  );
}

function TextArea(props: {
  form: RecordForm;
  errors: FieldErrors;
  name: string;
  label: string;
  value?: string;
  rows?: number;
  hint?: string;
  /** Marked required unless false (the DTO requires every text area but the patent list). */
  required?: boolean;
}): JSX.Element {
  return (
    <label class="field" id={`field-${props.name}`}>
      <span class="label">
        {e(props.label)}
        {props.required === false ? '' : <em class="req">*</em>}
      </span>
      <textarea
        name={props.name}
        rows={String(props.rows ?? 4)}
        aria-invalid={props.errors[props.name] ? 'true' : undefined}
      >
        {e(props.value ?? str(props.form, props.name))}
      </textarea>
      {props.hint ? <small>{e(props.hint)}</small> : ''}
      <Errors errors={props.errors} name={props.name} />
    </label>
  );
}

function Select(props: {
  form: RecordForm;
  errors: FieldErrors;
  name: string;
  label: string;
  options: { value: string; label: string }[];
}): JSX.Element {
  const current = str(props.form, props.name);
  return (
    <label class="field" id={`field-${props.name}`}>
      <span class="label">
        {e(props.label)}
        <em class="req">*</em>
      </span>
      <select name={props.name} aria-invalid={props.errors[props.name] ? 'true' : undefined}>
        <option value="">请选择</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {e(o.label)}
          </option>
        ))}
      </select>
      <Errors errors={props.errors} name={props.name} />
    </label>
  );
}

function Check(props: {
  form: RecordForm;
  errors: FieldErrors;
  name: string;
  label: string;
  required?: boolean;
}) {
  return (
    <label class="check" id={`field-${props.name}`}>
      <input type="checkbox" name={props.name} checked={valueAt(props.form, props.name) === true} />
      {e(props.label)}
      {props.required ? <em class="req">*</em> : ''}
      <Errors errors={props.errors} name={props.name} />
    </label>
  );
}

function rowCount(form: RecordForm, path: string): number {
  const value = valueAt(form, path);
  return (Array.isArray(value) ? value.length : 0) + 1;
}

/** Create and edit: the common record, then the evidence section of the chosen category. */
export function ItemFormPage(props: ItemFormProps): JSX.Element {
  const { form, errors } = props;
  const f = { form, errors };
  const category = str(form, 'category');
  const entries = Object.entries(errors);
  return (
    <Layout
      title={props.itemId ? '修改成果' : '新建成果'}
      user={props.user}
      csrf={props.csrf}
      crumbs={[
        { label: '成果列表', href: '/items' },
        ...(props.itemId ? [{ label: '成果详情', href: `/items/${props.itemId}` }] : []),
        { label: props.itemId ? '修改成果' : '新建成果' },
      ]}
    >
      <h1>{props.itemId ? '修改成果' : '新建成果'}</h1>
      {entries.length ? (
        <div class="error summary" role="alert">
          <p>提交的数据有误,请按提示修改:</p>
          <ul>
            {entries.map(([path, messages]) => (
              <li>
                {e(fieldLabel(path))}:{e(messages.join(';'))}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      <form
        method="post"
        action={props.itemId ? `/items/${props.itemId}/edit` : '/items'}
        class="record-form"
        enctype={props.itemId ? undefined : 'multipart/form-data'}
        novalidate
      >
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>基本信息</legend>
          <Input {...f} name="title" label="成果名称" required />
          <TextArea {...f} name="summary" label="成果简介" rows={5} />
          <Select
            {...f}
            name="category"
            label="成果类别"
            options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
          />
          <Select
            {...f}
            name="domain"
            label="战略领域"
            options={props.domains.map((d) => ({ value: d.key, label: d.name }))}
          />
          <Select
            {...f}
            name="levelClaim"
            label="水平自评"
            options={LEVEL_CLAIMS.map((c) => ({ value: c, label: LEVEL_CLAIM_LABELS[c] }))}
          />
          <Check {...f} name="breaksMonopoly" label="打破国外垄断" />
          <Check {...f} name="fillsGap" label="填补国内空白" />
        </fieldset>

        <fieldset id="section-units">
          <legend>完成单位</legend>
          <Errors errors={errors} name="completingUnits" />
          {Array.from({ length: rowCount(form, 'completingUnits') }, (_, i) => (
            <div class="row">
              <Input
                {...f}
                name={`completingUnits.${i}.name`}
                label={`单位${i + 1}`}
                required={i === 0}
              />
            </div>
          ))}
          <small>最后一行留空即可;需要更多行时保存后会再多出一行。</small>
        </fieldset>

        <fieldset id="section-completers">
          <legend>完成人</legend>
          <Errors errors={errors} name="completers" />
          {Array.from({ length: rowCount(form, 'completers') }, (_, i) => (
            <div class="row">
              <Input
                {...f}
                name={`completers.${i}.name`}
                label={`完成人${i + 1} 姓名`}
                required={i === 0}
              />
              <Input {...f} name={`completers.${i}.unit`} label="所在单位" required={i === 0} />
              <Input {...f} name={`completers.${i}.title`} label="职称(选填)" />
            </div>
          ))}
        </fieldset>

        <fieldset id="section-ip">
          <legend>知识产权</legend>
          <Errors errors={errors} name="ip" />
          <Input {...f} name="ip.owner" label="权属人" required />
          <TextArea
            {...f}
            name="ip.patents"
            label="专利号(每行一个)"
            rows={3}
            required={false}
            value={((valueAt(form, 'ip.patents') as string[] | undefined) ?? []).join('\n')}
          />
          <Check {...f} name="ip.noDispute" label="本单位确认知识产权权属清晰、无争议" required />
        </fieldset>

        <fieldset
          class="evidence"
          id="section-evidence-basicResearch"
          data-category="basicResearch"
          hidden={category !== '' && category !== 'basicResearch'}
        >
          <legend>基础研究类:代表性论文</legend>
          <Errors errors={errors} name="evidence" />
          <Errors errors={errors} name="evidence.papers" />
          {Array.from({ length: rowCount(form, 'evidence.papers') }, (_, i) => (
            <div class="row">
              <Input
                {...f}
                name={`evidence.papers.${i}.journal`}
                label={`论文${i + 1} 期刊`}
                required={i === 0}
              />
              <Input {...f} name={`evidence.papers.${i}.year`} label="年份" required={i === 0} />
              <Input {...f} name={`evidence.papers.${i}.doi`} label="DOI" required={i === 0} />
              <Input {...f} name={`evidence.papers.${i}.title`} label="题目(选填)" />
            </div>
          ))}
        </fieldset>
        <fieldset
          class="evidence"
          id="section-evidence-techBreakthrough"
          data-category="techBreakthrough"
          hidden={category !== '' && category !== 'techBreakthrough'}
        >
          <legend>技术突破类:替代与产业化</legend>
          <Errors errors={errors} name="evidence" />
          <TextArea {...f} name="evidence.replaces" label='替代的进口产品或"卡脖子"环节' rows={2} />
          <TextArea {...f} name="evidence.industrialization" label="产业化情况" rows={3} />
        </fieldset>
        <fieldset
          class="evidence"
          id="section-evidence-majorApplication"
          data-category="majorApplication"
          hidden={category !== '' && category !== 'majorApplication'}
        >
          <legend>重大应用类:应用场景</legend>
          <Errors errors={errors} name="evidence" />
          <TextArea {...f} name="evidence.project" label="应用的国家重大工程或设施" rows={2} />
          <TextArea {...f} name="evidence.usage" label="应用情况" rows={3} />
        </fieldset>

        {props.itemId ? (
          ''
        ) : (
          <fieldset id="section-files">
            <legend>附件(可在保存草稿时一并上传,之后也可在成果页面增删)</legend>
            <Errors errors={errors} name="files" />
            <label class="field">
              <span class="label">附件类型</span>
              <select name="filesKind">
                {ATTACHMENT_KINDS.map((k) => (
                  <option value={k}>{e(ATTACHMENT_KIND_LABELS[k])}</option>
                ))}
              </select>
            </label>
            <label class="field">
              <span class="label">选择文件(可多选,最多 5 个)</span>
              <input type="file" name="files" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" />
            </label>
            <small>接受 PDF、Word(DOCX)、Excel(XLSX)、JPEG、PNG。</small>
          </fieldset>
        )}

        <p class="actions">
          <button type="submit" class="primary">
            {props.itemId ? '保存修改' : '保存草稿'}
          </button>
          {props.itemId ? <a href={`/items/${props.itemId}`}>取消</a> : <a href="/tasks">取消</a>}
        </p>
      </form>
    </Layout>
  );
}
