import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { formatDateTime } from '../../../common/shanghai-time';
import type { CooperationView } from '../../../transformation/cooperation.service';
import type { OfferContact, OfferView } from '../../../transformation/offers.service';
import { PARTNER_KINDS } from '../../../transformation/partner-account.entity';
import type { PartnerView } from '../../../transformation/partners.service';
import type { ItemFacts } from '../../../transformation/transformation.repository';
import {
  OFFER_SEEK_LABELS,
  PARTNER_KIND_LABELS,
  TRANSFER_MODE_LABELS,
} from '../../../transformation/transformation-labels';
import { TRANSFER_MODES } from '../../../../workflows/cooperation-request.machine';
import { OFFER_SEEKS } from '../../../transformation/transfer-offer.entity';
import { CsrfField, Layout } from '../../shared/layout';

type Form = Record<string, unknown>;

function FieldError(props: { errors?: FieldErrors; field: string }): JSX.Element {
  const messages = props.errors?.[props.field];
  return messages?.length ? (
    <span class="field-error" id={`${props.field}-error`}>
      {e(messages.join(';'))}
    </span>
  ) : (
    ''
  );
}

function Text(props: {
  name: string;
  label: string;
  form: Form;
  errors?: FieldErrors;
  type?: string;
  placeholder?: string;
}): JSX.Element {
  const value = props.form[props.name];
  return (
    <label>
      {e(props.label)}
      <input
        type={props.type ?? 'text'}
        name={props.name}
        value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
        placeholder={props.placeholder}
      />
      <FieldError errors={props.errors} field={props.name} />
    </label>
  );
}

const has = (form: Form, name: string, value: string) => {
  const v = form[name];
  return Array.isArray(v) ? v.includes(value) : v === value;
};

export function RegisterPartnerPage(props: {
  csrf: string;
  form: Form;
  errors?: FieldErrors;
  done?: PartnerView;
}): JSX.Element {
  return (
    <Layout title="对接方注册" csrf={props.csrf}>
      <h1>对接方注册</h1>
      {props.done ? (
        <p class="notice" role="status" id="registered">
          {e(props.done.organizationName)}的注册申请已提交,省科技厅审核通过后即可登录使用。
        </p>
      ) : (
        <form method="post" action="/partners/register" class="stacked">
          <CsrfField token={props.csrf} />
          <Text name="organizationName" label="机构名称" form={props.form} errors={props.errors} />
          <Text
            name="creditCode"
            label="统一社会信用代码"
            form={props.form}
            errors={props.errors}
          />
          <label>
            机构类型
            <select name="kind">
              {PARTNER_KINDS.map((k) => (
                <option value={k} selected={props.form.kind === k}>
                  {e(PARTNER_KIND_LABELS[k])}
                </option>
              ))}
            </select>
            <FieldError errors={props.errors} field="kind" />
          </label>
          <Text name="contactPerson" label="联系人" form={props.form} errors={props.errors} />
          <Text name="phone" label="联系电话" form={props.form} errors={props.errors} />
          <Text name="email" label="电子邮箱" form={props.form} errors={props.errors} />
          <Text name="username" label="登录用户名" form={props.form} errors={props.errors} />
          <Text
            name="password"
            label="登录密码(至少 12 位,含三类字符)"
            type="password"
            form={{}}
            errors={props.errors}
          />
          <button type="submit">提交注册</button>
        </form>
      )}
    </Layout>
  );
}

export function PartnerApprovalsPage(props: {
  user: AuthUser;
  csrf: string;
  partners: PartnerView[];
  errors?: FieldErrors;
}): JSX.Element {
  return (
    <Layout title="对接方审核" user={props.user} csrf={props.csrf}>
      <h1>对接方审核</h1>
      <FieldError errors={props.errors} field="reason" />
      <table class="list" id="partners">
        <thead>
          <tr>
            <th>机构</th>
            <th>类型</th>
            <th>统一社会信用代码</th>
            <th>联系人</th>
            <th>注册时间</th>
            <th>状态</th>
            <th>审核</th>
          </tr>
        </thead>
        <tbody>
          {props.partners.map((p) => (
            <tr data-partner={p.organizationName}>
              <td>{e(p.organizationName)}</td>
              <td>{e(p.kindLabel)}</td>
              <td>{e(p.creditCode)}</td>
              <td>
                {e(p.contactPerson)} {e(p.phone)} {e(p.email)}
              </td>
              <td>{e(formatDateTime(p.createdAt))}</td>
              <td>
                {e(p.statusLabel)}
                {p.refusalReason ? `(${e(p.refusalReason)})` : ''}
              </td>
              <td>
                {p.status === 'pending' && props.user.roles.includes('officeStaff') ? (
                  <form method="post" action={`/transfer/partners/${p.id}/decision`} class="inline">
                    <CsrfField token={props.csrf} />
                    <input type="text" name="reason" placeholder="不予通过的理由" />
                    <button type="submit" name="decision" value="approve">
                      审核通过
                    </button>
                    <button type="submit" name="decision" value="refuse">
                      不予通过
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.partners.length ? '' : <p class="muted">暂无对接方注册</p>}
    </Layout>
  );
}

function OfferSummary(props: { offer: OfferView }): JSX.Element {
  const o = props.offer;
  return (
    <dl class="offer" id="offer">
      <dt>转化方式</dt>
      <dd>{e(o.modeLabels.join('、'))}</dd>
      <dt>参考价格</dt>
      <dd>{e(o.priceLabel)}</dd>
      <dt>寻求</dt>
      <dd>{o.seekLabels.length ? e(o.seekLabels.join('、')) : '—'}</dd>
      {o.note ? (
        <>
          <dt>说明</dt>
          <dd>{e(o.note)}</dd>
        </>
      ) : (
        ''
      )}
      <dt>对接</dt>
      <dd>{o.openToContact ? '欢迎对接' : '暂不接受对接'}</dd>
    </dl>
  );
}

export function ItemOfferPage(props: {
  user: AuthUser | null;
  csrf?: string;
  itemId: string;
  title: string;
  offer: OfferView | null;
  errors?: FieldErrors;
}): JSX.Element {
  const partner = !!props.user?.roles.includes('partner');
  return (
    <Layout title={`成果转化意向:${props.title}`} user={props.user} csrf={props.csrf}>
      <h1>{e(props.title)}</h1>
      <p>
        <a href={`/public/${props.itemId}`}>查看成果详情</a>
      </p>
      <h2>成果转化意向</h2>
      {props.offer ? (
        <OfferSummary offer={props.offer} />
      ) : (
        <p class="muted">该成果暂未发布转化意向</p>
      )}
      {props.offer?.openToContact && partner ? (
        <form
          method="post"
          action={`/transfer/items/${props.itemId}/requests`}
          class="stacked"
          id="ask"
        >
          <CsrfField token={props.csrf} />
          <label>
            对接需求
            <textarea name="message" rows="4"></textarea>
            <FieldError errors={props.errors} field="message" />
          </label>
          <button type="submit">我要对接</button>
        </form>
      ) : props.offer?.openToContact && !props.user ? (
        <p>
          <a href={`/login?next=/transfer/items/${props.itemId}`}>登录</a>或
          <a href="/partners/register">注册对接方</a>后可提出对接请求(我要对接)。
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function MyOffersPage(props: {
  user: AuthUser;
  csrf: string;
  rows: { item: ItemFacts; offer: (OfferView & OfferContact) | null }[];
}): JSX.Element {
  return (
    <Layout title="转化意向" user={props.user} csrf={props.csrf}>
      <h1>本单位成果的转化意向</h1>
      <table class="list" id="offers">
        <thead>
          <tr>
            <th>成果</th>
            <th>转化意向</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ item, offer }) => (
            <tr>
              <td>{e(item.title)}</td>
              <td>
                {offer ? `${e(offer.modeLabels.join('、'))} · ${e(offer.priceLabel)}` : '未发布'}
              </td>
              <td>
                <a href={`/transfer/offers/${item.id}`}>{offer ? '修改' : '发布转化意向'}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length ? '' : <p class="muted">本单位暂无已入库或已发布的成果</p>}
    </Layout>
  );
}

export function EditOfferPage(props: {
  user: AuthUser;
  csrf: string;
  item: ItemFacts;
  form: Form;
  errors?: FieldErrors;
}): JSX.Element {
  const f = props.form;
  return (
    <Layout title={`转化意向:${props.item.title}`} user={props.user} csrf={props.csrf}>
      <h1>转化意向:{e(props.item.title)}</h1>
      <form
        method="post"
        action={`/transfer/offers/${props.item.id}`}
        class="stacked"
        id="offer-form"
      >
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>转化方式</legend>
          {TRANSFER_MODES.map((m) => (
            <label class="check">
              <input type="checkbox" name="modes" value={m} checked={has(f, 'modes', m)} />
              {e(TRANSFER_MODE_LABELS[m])}
            </label>
          ))}
          <FieldError errors={props.errors} field="modes" />
        </fieldset>
        <label class="check">
          <input type="checkbox" name="negotiable" value="true" checked={f.negotiable === true} />
          面议
        </label>
        <Text name="priceMinYuan" label="参考价格下限(元)" form={f} errors={props.errors} />
        <Text name="priceMaxYuan" label="参考价格上限(元)" form={f} errors={props.errors} />
        <fieldset>
          <legend>寻求</legend>
          {OFFER_SEEKS.map((s) => (
            <label class="check">
              <input type="checkbox" name="seeks" value={s} checked={has(f, 'seeks', s)} />
              {e(OFFER_SEEK_LABELS[s])}
            </label>
          ))}
        </fieldset>
        <Text name="note" label="说明" form={f} errors={props.errors} />
        <label class="check">
          <input
            type="checkbox"
            name="openToContact"
            value="true"
            checked={f.openToContact !== false}
          />
          欢迎对接
        </label>
        <Text
          name="contactName"
          label="联系人(接受对接后才向对接方显示)"
          form={f}
          errors={props.errors}
        />
        <Text name="contactPhone" label="联系电话" form={f} errors={props.errors} />
        <Text name="contactEmail" label="电子邮箱" form={f} errors={props.errors} />
        <button type="submit">保存转化意向</button>
      </form>
    </Layout>
  );
}

export function RequestsPage(props: {
  user: AuthUser;
  csrf: string;
  requests: CooperationView[];
}): JSX.Element {
  return (
    <Layout title="对接请求" user={props.user} csrf={props.csrf}>
      <h1>对接请求</h1>
      <table class="list" id="requests">
        <thead>
          <tr>
            <th>成果</th>
            <th>对接方</th>
            <th>状态</th>
            <th>提出时间</th>
          </tr>
        </thead>
        <tbody>
          {props.requests.map((r) => (
            <tr>
              <td>
                <a href={`/transfer/requests/${r.id}`}>{e(r.title)}</a>
              </td>
              <td>{e(r.partner?.organizationName ?? '—')}</td>
              <td>{e(r.stateLabel)}</td>
              <td>{e(formatDateTime(r.createdAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.requests.length ? '' : <p class="muted">暂无对接请求</p>}
    </Layout>
  );
}

export { RequestDetailPage } from './request-detail.page';
