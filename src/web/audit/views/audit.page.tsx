import { escapeHtml as e } from '@kitajs/html';
import { EVENT_TYPES } from '../../../../workflows/achievement.machine';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import type { BrokenLink, VerifyResult } from '../../../workflow/audit-verifier';
import type { AuditRow } from '../audit-search.repository';
import { eventLabel, formatDateTime, roleLabel, stateLabel } from '../../shared/web-labels';
import { Errors } from '../../shared/field-errors.components';
import { Layout } from '../../shared/layout';

export interface AuditFilters {
  q?: string;
  person?: string;
  event?: string;
  from?: string;
  to?: string;
}

const EVENTS = ['CREATE', ...EVENT_TYPES, 'ATTACHMENT_ADDED', 'ATTACHMENT_REMOVED'];

function query(f: AuditFilters, extra: Record<string, string> = {}): string {
  const entries = Object.entries(f).filter(([, v]) => typeof v === 'string' && v !== '');
  return new URLSearchParams({ ...Object.fromEntries(entries), ...extra }).toString();
}

const SHOWN = 200;

function where(b: BrokenLink): string {
  if (b.store === 'checkpoint') return '检查点';
  if (b.store === 'security') return `安全日志第 ${b.seq} 条`;
  return b.seq > 0 ? `实例 ${b.instanceId} 第 ${b.seq} 条` : `实例 ${b.instanceId}`;
}

function CheckpointLine(props: { verify: VerifyResult }): JSX.Element {
  const c = props.verify.checkpoint;
  if (!c) return <p>尚无审计检查点可供比对(每日零时后生成)。</p>;
  return (
    <p>
      已与 {formatDateTime(c.at)} 的检查点比对:{c.ok ? '各链均与检查点一致。' : '与检查点不一致。'}
    </p>
  );
}

function ChainCheck(props: { verify: VerifyResult | null; filters: AuditFilters }): JSX.Element {
  const v = props.verify;
  const download = (
    <a href="/audit/checkpoint" id="checkpoint-download">
      下载最新审计检查点(签名文件,供存档或公示)
    </a>
  );
  if (!v) {
    return (
      <p id="chain-check-link">
        <a href={`/audit?${query(props.filters, { verify: '1' })}`}>
          校验审计链(逐条核对签名、比对检查点并重放流程)
        </a>
        {' · '}
        {download}
      </p>
    );
  }
  const security = v.stores.find((s) => s.name === 'security')?.checked;
  const counted = security === undefined ? '' : `(另有安全日志 ${security} 条)`;
  return (
    <section class={v.ok ? 'card ok' : 'card error'} id="chain-check">
      <h2>审计链校验</h2>
      {v.ok ? (
        <p>
          通过:已校验 {v.checked} 条流程记录{counted},签名链完整;已重放 {v.replayed}{' '}
          个流程实例,结果与存储的状态一致。
        </p>
      ) : (
        <>
          <p role="alert">
            未通过:已校验 {v.checked} 条流程记录{counted},已重放 {v.replayed} 个流程实例,发现{' '}
            {v.broken.length} 处异常:
          </p>
          <ol id="chain-broken">
            {v.broken.slice(0, SHOWN).map((b) => (
              <li>
                {e(where(b))}:{e(b.reason)}
              </li>
            ))}
          </ol>
          {v.broken.length > SHOWN ? (
            <p>
              另有 {v.broken.length - SHOWN} 处异常未列出,请用命令行 npm run audit:verify 查看全部。
            </p>
          ) : null}
        </>
      )}
      <CheckpointLine verify={v} />
      <p>{download}</p>
    </section>
  );
}

export function AuditPage(props: {
  user: AuthUser;
  csrf: string;
  filters: AuditFilters;
  rows: AuditRow[];
  nextCursor: string | null;
  verify: VerifyResult | null;
  errors: FieldErrors;
  paged: boolean;
}): JSX.Element {
  const f = props.filters;
  const errors = props.errors;
  const bad = Object.keys(errors).length > 0;
  return (
    <Layout title="审计查询" user={props.user} csrf={props.csrf}>
      <h1>审计查询</h1>
      <ChainCheck verify={props.verify} filters={f} />
      <form class="filters" method="get" action="/audit" id="audit-filters">
        <label>
          成果名称或编号
          <input type="search" name="q" value={f.q ?? ''} maxlength="100" />
        </label>
        <label>
          操作人(姓名或用户名)
          <input type="search" name="person" value={f.person ?? ''} maxlength="100" />
        </label>
        <label>
          操作
          <select name="event" aria-invalid={errors.event ? 'true' : undefined}>
            <option value="">全部</option>
            {EVENTS.map((t) => (
              <option value={t} selected={f.event === t}>
                {e(eventLabel(t))}
              </option>
            ))}
          </select>
          <Errors errors={errors} name="event" />
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
        <p class="buttons" id="audit-export">
          导出查询结果:
          <a class="button" id="export-csv" href={`/audit/export?${query(f, { format: 'csv' })}`}>
            CSV
          </a>
          <a class="button" id="export-xlsx" href={`/audit/export?${query(f, { format: 'xlsx' })}`}>
            Excel
          </a>
        </p>
      )}
      <p class="muted" id="audit-count">
        {props.paged ? '续页:' : ''}本页 {props.rows.length} 条(时间为北京时间,最新在前)
      </p>
      <table id="audit-rows">
        <thead>
          <tr>
            <th>时间</th>
            <th>对象</th>
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
                {r.href ? (
                  <a href={r.href}>{e(r.instanceId.slice(0, 8))}</a>
                ) : (
                  <code>{e(r.instanceId.slice(0, 8))}</code>
                )}{' '}
                {e(r.title ?? '')}
              </td>
              <td>{e(r.seq)}</td>
              <td>{e(r.actorName)}</td>
              <td>{e(roleLabel(r.actorRole))}</td>
              <td>{e(eventLabel(r.eventType, r.workflow))}</td>
              <td>
                {e(
                  r.fromState
                    ? `${stateLabel(r.fromState, r.workflow)} → ${stateLabel(r.toState, r.workflow)}`
                    : stateLabel(r.toState, r.workflow),
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
          <a href={`/audit?${query(f, { cursor: props.nextCursor })}`}>下一页</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
