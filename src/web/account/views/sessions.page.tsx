import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { SessionView } from '../../../auth/sessions.service';
import { formatDateTime } from '../../shared/web-labels';
import { CsrfField, Layout } from '../../shared/layout';

/** A person's word for the client a session was opened from. */
export function clientLabel(userAgent: string | null): string {
  if (!userAgent) return '未知客户端';
  if (/Edg\//.test(userAgent)) return 'Edge 浏览器';
  if (/Firefox\//.test(userAgent)) return 'Firefox 浏览器';
  if (/Chrom(e|ium)\//.test(userAgent)) return 'Chrome 浏览器';
  if (/Safari\//.test(userAgent)) return 'Safari 浏览器';
  return '其他客户端(接口调用等)';
}

/** /account/sessions: the user's open sessions, this one marked, the others can be ended. */
export function SessionsPage(props: {
  user: AuthUser;
  csrf: string;
  sessions: SessionView[];
  notice?: string;
}): JSX.Element {
  const others = props.sessions.filter((s) => !s.current).length;
  return (
    <Layout title="登录会话" user={props.user} csrf={props.csrf}>
      <h1>登录会话</h1>
      <p class="muted">
        以下是您当前有效的登录。闲置超时或到达最长有效期后会话自动结束;如发现不认识的登录,请结束它并修改密码。
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {e(props.notice)}
        </p>
      ) : (
        ''
      )}
      <table class="sessions">
        <thead>
          <tr>
            <th>客户端</th>
            <th>IP 地址</th>
            <th>登录时间</th>
            <th>最近活动</th>
            <th>闲置至</th>
            <th>最迟至</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.sessions.map((s) => (
            <tr data-session={s.id} class={s.current ? 'current' : undefined}>
              <td title={s.userAgent ?? ''}>
                {e(clientLabel(s.userAgent))}
                {s.current ? <strong class="badge">当前会话</strong> : ''}
              </td>
              <td>{e(s.clientIp ?? '—')}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastSeenAt)}</td>
              <td>{formatDateTime(s.idleExpiresAt)}</td>
              <td>{formatDateTime(s.expiresAt)}</td>
              <td>
                {s.current ? (
                  ''
                ) : (
                  <form method="post" action={`/account/sessions/${s.id}/revoke`}>
                    <CsrfField token={props.csrf} />
                    <button type="submit" class="link">
                      结束此会话
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {others > 0 ? (
        <form method="post" action="/account/sessions/revoke-others">
          <CsrfField token={props.csrf} />
          <button type="submit">结束其他全部会话({String(others)} 个)</button>
        </form>
      ) : (
        <p class="muted">没有其他会话。</p>
      )}
    </Layout>
  );
}
