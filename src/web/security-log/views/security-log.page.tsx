import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import { formatTimestamp } from '../../../common/shanghai-time';
import { describeSecurityDetail } from '../../../security-log/security-event-describe';
import { SECURITY_EVENT_LABELS } from '../../../security-log/security-event-kinds';
import type { SecurityFilters } from '../../../security-log/security-log-search';
import type { SecurityRow } from '../../../security-log/security-log.repository';
import type { SecurityVerifyResult } from '../../../security-log/security-log.service';
import { Errors } from '../../shared/field-errors.components';
import { Layout } from '../../shared/layout';

function query(f: SecurityFilters, extra: Record<string, string> = {}): string {
  const entries = Object.entries(f).filter(([, v]) => typeof v === 'string' && v !== '');
  return new URLSearchParams({ ...Object.fromEntries(entries), ...extra }).toString();
}

function ChainCheck(props: { verify: SecurityVerifyResult | null; filters: SecurityFilters }) {
  const v = props.verify;
  if (!v) {
    return (
      <p id="chain-check-link">
        <a href={`/security-log?${query(props.filters, { verify: '1' })}`}>
          校验安全日志(逐条核对哈希链)
        </a>
      </p>
    );
  }
  return (
    <section class={v.ok ? 'card ok' : 'card error'} id="chain-check">
      <h2>安全日志校验</h2>
      {v.ok ? (
        <p>通过:已校验 {v.checked} 条记录,哈希链完整。</p>
      ) : (
        <>
          <p role="alert">
            未通过:已校验 {v.checked} 条记录,发现 {v.broken.length} 处异常:
          </p>
          <ul>
            {v.broken.map((b) => (
              <li>
                第 {b.seq} 条:{e(b.reason)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function actor(r: SecurityRow): string {
  if (r.actorUsername) return `${r.actorName ?? ''}(${r.actorUsername})`;
  return r.actorId ? '(未知用户)' : '—';
}

/** 安全日志: the audit administrator's search, export and chain check. */
export function SecurityLogPage(props: {
  user: AuthUser;
  csrf: string;
  filters: SecurityFilters;
  rows: SecurityRow[];
  nextCursor: string | null;
  verify: SecurityVerifyResult | null;
  errors: FieldErrors;
  paged: boolean;
}): JSX.Element {
  const f = props.filters;
  const errors = props.errors;
  const bad = Object.keys(errors).length > 0;
  return (
    <Layout title="安全日志" user={props.user} csrf={props.csrf}>
      <h1>安全日志</h1>
      <ChainCheck verify={props.verify} filters={f} />
      <form class="filters" method="get" action="/security-log" id="security-filters">
        <label>
          事件
          <select name="kind" aria-invalid={errors.kind ? 'true' : undefined}>
            <option value="">全部</option>
            {Object.entries(SECURITY_EVENT_LABELS).map(([kind, label]) => (
              <option value={kind} selected={f.kind === kind}>
                {e(label)}
              </option>
            ))}
          </select>
          <Errors errors={errors} name="kind" />
        </label>
        <label>
          涉及账号(用户名)
          <input type="search" name="username" value={f.username ?? ''} maxlength="64" />
          <Errors errors={errors} name="username" />
        </label>
        <label>
          操作人(姓名或用户名)
          <input type="search" name="actor" value={f.actor ?? ''} maxlength="64" />
          <Errors errors={errors} name="actor" />
        </label>
        <label>
          IP 地址
          <input type="search" name="ip" value={f.ip ?? ''} maxlength="64" />
          <Errors errors={errors} name="ip" />
        </label>
        <label>
          起始日期
          <input
            type="date"
            name="from"
            value={f.from ?? ''}
            aria-invalid={errors.from ? 'true' : undefined}
          />
          <Errors errors={errors} name="from" />
        </label>
        <label>
          截止日期
          <input
            type="date"
            name="to"
            value={f.to ?? ''}
            aria-invalid={errors.to ? 'true' : undefined}
          />
          <Errors errors={errors} name="to" />
        </label>
        <button type="submit" class="primary">
          查询
        </button>
      </form>
      {bad ? (
        ''
      ) : (
        <p class="buttons" id="security-export">
          导出查询结果:
          <a
            class="button"
            id="export-csv"
            href={`/security-log/export?${query(f, { format: 'csv' })}`}
          >
            CSV
          </a>
          <a
            class="button"
            id="export-xlsx"
            href={`/security-log/export?${query(f, { format: 'xlsx' })}`}
          >
            Excel
          </a>
        </p>
      )}
      <p class="muted" id="security-count">
        {props.paged ? '续页:' : ''}本页 {props.rows.length} 条(时间为北京时间,最新在前)
      </p>
      <table id="security-rows">
        <thead>
          <tr>
            <th>#</th>
            <th>时间</th>
            <th>事件</th>
            <th>操作人</th>
            <th>涉及账号</th>
            <th>IP 地址</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-seq={String(r.seq)}>
              <td>{e(r.seq)}</td>
              <td>{e(formatTimestamp(r.at) ?? '—')}</td>
              <td>{e(SECURITY_EVENT_LABELS[r.kind] ?? '其他安全事件')}</td>
              <td>{e(actor(r))}</td>
              <td>{e(r.username ?? '—')}</td>
              <td>{e(r.clientIp ?? '—')}</td>
              <td>{e(describeSecurityDetail(r.kind, r.detail))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.nextCursor ? (
        <p>
          <a id="next-page" href={`/security-log?${query(f, { cursor: props.nextCursor })}`}>
            更早的记录
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
