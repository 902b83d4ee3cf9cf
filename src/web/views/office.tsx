import { escapeHtml as e } from '@kitajs/html';
import { EVENT_TYPES } from '../../../workflows/achievement.machine';
import type { AuthUser } from '../../auth/auth-user';
import type { PeriodStatus } from '../../collection/collection-cycle.service';
import type { AuditView, VerifyResult } from '../../workflow/audit.service';
import { eventLabel, formatDateTime, formatDeadline, roleLabel, stateLabel } from '../web-labels';
import { CsrfField, Layout } from './layout';

const PERIOD_STATE_LABELS: Record<PeriodStatus['state'], string> = {
  open: '征集中',
  closed: '已截止',
  notStarted: '未开始',
};

export function CollectionPage(props: {
  user: AuthUser;
  csrf: string;
  status: PeriodStatus;
  previous: string;
  next: string;
  canClose: boolean;
  submittedWaiting: number;
  message?: string;
}): JSX.Element {
  const s = props.status;
  return (
    <Layout title="征集情况" user={props.user} csrf={props.csrf}>
      <h1>{e(s.period)} 批次征集情况</h1>
      <p class="pager">
        <a href={`/collection?period=${props.previous}`}>‹ {e(props.previous)}</a>
        <a href={`/collection?period=${props.next}`}>{e(props.next)} ›</a>
      </p>
      {props.message ? (
        <p class="notice" role="status">
          {e(props.message)}
        </p>
      ) : (
        ''
      )}
      <p>
        状态:<strong>{e(PERIOD_STATE_LABELS[s.state])}</strong>;截止时间{' '}
        {e(formatDeadline(s.closesAt))}
      </p>
      <p class="totals">
        已报送 <strong id="total-reported">{s.totals.reported}</strong> 家 · 零报告{' '}
        <strong id="total-nil">{s.totals.nil}</strong> 家 · 未报送{' '}
        <strong id="total-pending">{s.totals.pending}</strong> 家
      </p>
      {props.canClose ? (
        <form method="post" action={`/collection/${s.period}/close`} class="inline">
          <CsrfField token={props.csrf} />
          <button
            type="submit"
            class="primary"
            id="close-batch"
            data-confirm={`本批次截止时间为 ${formatDeadline(s.closesAt)}。现在截止后,${props.submittedWaiting} 项已报送成果将进入形式审查,不能再撤回;尚未报送的单位不能再报送本批次。确定截止吗?`}
          >
            批次截止:{props.submittedWaiting} 项已报送成果进入形式审查
          </button>
        </form>
      ) : (
        ''
      )}
      <table id="collection-status">
        <thead>
          <tr>
            <th>征集单位</th>
            <th>类型</th>
            <th>城市</th>
            <th>状态</th>
            <th>报送数</th>
            <th>零报告</th>
          </tr>
        </thead>
        <tbody>
          {s.bodies.map((b) => (
            <tr class={`status-${b.status}`}>
              <td>{e(b.organization.name)}</td>
              <td>{e(b.organization.typeLabel)}</td>
              <td>{e(b.organization.city)}</td>
              <td>
                <span class={`badge body-${b.status}`}>{e(b.statusLabel)}</span>
              </td>
              <td>{e(b.reported)}</td>
              <td>
                {b.nilReport
                  ? e(
                      `${b.nilReport.filedBy},${formatDateTime(b.nilReport.filedAt)}${b.nilReport.comment ? `:${b.nilReport.comment}` : ''}`,
                    )
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export interface AuditFilters {
  item?: string;
  actor?: string;
  event?: string;
  from?: string;
  to?: string;
}

export function AuditPage(props: {
  user: AuthUser;
  csrf: string;
  filters: AuditFilters;
  rows: AuditView[];
  names: Map<string, string>;
  nextCursor: string | null;
  verify: VerifyResult;
  error?: string;
}): JSX.Element {
  const f = props.filters;
  const v = props.verify;
  return (
    <Layout title="审计查询" user={props.user} csrf={props.csrf}>
      <h1>审计查询</h1>
      <section class={v.ok ? 'card ok' : 'card error'} id="chain-check">
        <h2>审计链校验</h2>
        {v.ok ? (
          <p>通过:已校验 {v.checked} 条记录,哈希链完整。</p>
        ) : (
          <p role="alert">
            未通过:已校验 {v.checked} 条记录;首个异常在实例 {e(v.firstBroken.instanceId)} 第{' '}
            {v.firstBroken.seq} 条:{e(v.firstBroken.reason)}
          </p>
        )}
      </section>
      <form class="filters" method="get" action="/audit">
        <label>
          成果 ID
          <input type="text" name="item" value={f.item ?? ''} maxlength="64" />
        </label>
        <label>
          操作人(用户名)
          <input type="text" name="actor" value={f.actor ?? ''} maxlength="64" />
        </label>
        <label>
          操作
          <select name="event">
            <option value="">全部</option>
            {['CREATE', ...EVENT_TYPES, 'ATTACHMENT_ADDED', 'ATTACHMENT_REMOVED'].map((t) => (
              <option value={t} selected={f.event === t}>
                {e(eventLabel(t))}
              </option>
            ))}
          </select>
        </label>
        <label>
          起始日期
          <input type="date" name="from" value={f.from ?? ''} />
        </label>
        <label>
          截止日期
          <input type="date" name="to" value={f.to ?? ''} />
        </label>
        <button type="submit">查询</button>
      </form>
      {props.error ? (
        <p class="error" role="alert">
          {e(props.error)}
        </p>
      ) : (
        ''
      )}
      <table id="audit-rows">
        <thead>
          <tr>
            <th>时间</th>
            <th>实例</th>
            <th>#</th>
            <th>操作人</th>
            <th>角色</th>
            <th>操作</th>
            <th>状态变化</th>
            <th>意见</th>
            <th>哈希</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{e(formatDateTime(r.at))}</td>
              <td>
                <a href={`/items/${r.instanceId}`}>{e(r.instanceId.slice(0, 8))}</a>
              </td>
              <td>{e(r.seq)}</td>
              <td>
                {e(r.actorId === 'system' ? '系统' : (props.names.get(r.actorId) ?? r.actorId))}
              </td>
              <td>{e(roleLabel(r.actorRole))}</td>
              <td>{e(eventLabel(r.eventType))}</td>
              <td>
                {e(
                  r.fromState
                    ? `${stateLabel(r.fromState)} → ${stateLabel(r.toState)}`
                    : stateLabel(r.toState),
                )}
              </td>
              <td>{e(r.comment ?? '')}</td>
              <td>
                <code>{e(r.hash.slice(0, 12))}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length === 0 ? <p class="muted">没有符合条件的记录</p> : ''}
      {props.nextCursor ? (
        <p class="pager">
          <a
            href={`/audit?${new URLSearchParams({ ...stripEmpty(f), cursor: props.nextCursor }).toString()}`}
          >
            下一页
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function stripEmpty(f: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string' && v !== ''));
}
