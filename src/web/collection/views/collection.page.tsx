import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { PeriodStatus } from '../../../collection/collection-cycle.service';
import { formatDateTime, formatDeadline } from '../../shared/web-labels';
import { CsrfField, Layout } from '../../shared/layout';

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
