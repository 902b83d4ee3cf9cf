import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { formatDateTime } from '../../../common/shanghai-time';
import type { CooperationView } from '../../../transformation/cooperation.service';
import { TRANSFER_MODE_LABELS } from '../../../transformation/transformation-labels';
import { TRANSFER_MODES } from '../../../../workflows/cooperation-request.machine';
import { CsrfField, Layout } from '../../shared/layout';

function Errors(props: { errors?: FieldErrors }): JSX.Element {
  const entries = Object.values(props.errors ?? {}).flat();
  return entries.length ? (
    <p class="field-error" role="alert" id="action-errors">
      {e(entries.join(';'))}
    </p>
  ) : (
    ''
  );
}

function Action(props: {
  id: string;
  csrf: string;
  action: string;
  label: string;
  children?: JSX.Element | JSX.Element[] | string;
}): JSX.Element {
  return (
    <form
      method="post"
      action={`/transfer/requests/${props.id}/actions`}
      class="stacked"
      data-action={props.action}
    >
      <CsrfField token={props.csrf} />
      <input type="hidden" name="action" value={props.action} />
      {props.children ?? ''}
      <button type="submit">{e(props.label)}</button>
    </form>
  );
}

/** One request: what was asked, the meeting, the deal, and the steps the viewer may take now. */
export function RequestDetailPage(props: {
  user: AuthUser;
  csrf: string;
  request: CooperationView;
  errors?: FieldErrors;
}): JSX.Element {
  const r = props.request;
  const role = (x: string) => props.user.roles.some((held) => held === x);
  const unit = role('submitter');
  const partner = role('partner');
  const open = !['declined', 'agreed', 'closed'].includes(r.state);
  return (
    <Layout
      title={`对接请求:${r.title}`}
      user={props.user}
      csrf={props.csrf}
      crumbs={[{ label: '对接请求', href: '/transfer/requests' }, { label: r.title }]}
    >
      <h1>对接请求:{e(r.title)}</h1>
      <dl id="request">
        <dt>状态</dt>
        <dd id="request-state">{e(r.stateLabel)}</dd>
        <dt>成果所属单位</dt>
        <dd>{e(r.unitName)}</dd>
        <dt>对接方</dt>
        <dd>
          {r.partner
            ? `${e(r.partner.organizationName)}(${e(r.partner.kindLabel)})${e(r.partner.contactPerson)} ${e(r.partner.phone)} ${e(r.partner.email)}`
            : '—'}
        </dd>
        <dt>对接需求</dt>
        <dd>{e(r.message)}</dd>
        <dt>提出时间</dt>
        <dd>{e(formatDateTime(r.createdAt))}</dd>
        <dt>单位联系人</dt>
        <dd id="unit-contact">
          {r.unitContact
            ? `${e(r.unitContact.contactName)} ${e(r.unitContact.contactPhone)} ${e(r.unitContact.contactEmail ?? '')}`
            : '单位接受对接后显示'}
        </dd>
        {r.meetingAt ? (
          <>
            <dt>洽谈</dt>
            <dd id="meeting">
              {e(formatDateTime(r.meetingAt))} · {e(r.meetingPlace ?? '')}
            </dd>
          </>
        ) : (
          ''
        )}
        {r.deal ? (
          <>
            <dt>成交</dt>
            <dd id="deal">
              {e(r.deal.modeLabel)} · 合同金额 {e(r.deal.amountLabel)} · 签约日期{' '}
              {e(r.deal.contractDate)} · {e(r.deal.parties)}
              {r.deal.registrationNumber ? ` · 技术合同登记号 ${e(r.deal.registrationNumber)}` : ''}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <Errors errors={props.errors} />
      {unit && r.state === 'submitted' ? (
        <>
          <Action id={r.id} csrf={props.csrf} action="accept" label="接受对接" />
          <Action id={r.id} csrf={props.csrf} action="decline" label="婉拒">
            <label>
              理由
              <input type="text" name="comment" />
            </label>
          </Action>
        </>
      ) : (
        ''
      )}
      {unit && (r.state === 'accepted' || r.state === 'meetingScheduled') ? (
        <Action id={r.id} csrf={props.csrf} action="scheduleMeeting" label="安排洽谈">
          <label>
            洽谈时间
            <input type="datetime-local" name="meetingAt" />
          </label>
          <label>
            地点或线上链接
            <input type="text" name="place" />
          </label>
        </Action>
      ) : (
        ''
      )}
      {(unit || partner) && r.state === 'meetingScheduled' ? (
        <Action id={r.id} csrf={props.csrf} action="startNegotiation" label="进入商谈" />
      ) : (
        ''
      )}
      {unit && r.state === 'negotiating' ? (
        <Action id={r.id} csrf={props.csrf} action="agree" label="记录成交">
          <label>
            转化方式
            <select name="mode">
              {TRANSFER_MODES.map((m) => (
                <option value={m}>{e(TRANSFER_MODE_LABELS[m])}</option>
              ))}
            </select>
          </label>
          <label>
            合同金额(元)
            <input type="text" name="amountYuan" />
          </label>
          <label>
            签约日期
            <input type="date" name="contractDate" />
          </label>
          <label>
            合同各方
            <input type="text" name="parties" />
          </label>
          <label>
            技术合同登记号(选填)
            <input type="text" name="registrationNumber" />
          </label>
        </Action>
      ) : (
        ''
      )}
      {open && (partner || role('officeStaff') || (unit && r.state !== 'submitted')) ? (
        <Action id={r.id} csrf={props.csrf} action="close" label="关闭对接请求">
          <label>
            理由
            <input type="text" name="comment" />
          </label>
        </Action>
      ) : (
        ''
      )}
    </Layout>
  );
}
