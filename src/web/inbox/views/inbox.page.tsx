import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { InboxPage } from '../../../notifications/notifications.service';
import { formatDateTime } from '../../shared/web-labels';
import { CsrfField, Layout } from '../../shared/layout';

/** Messages point at API-style paths; the console has a page for each. */
export function consoleLink(link: string | null): string | null {
  if (!link) return null;
  const item = /^\/achievements\/([0-9a-f-]{36})$/.exec(link);
  if (item) return `/items/${item[1]}`;
  const period = /^\/collection\/periods\/(\d{4}-\d{2})$/.exec(link);
  if (period) return `/collection?period=${period[1]}`;
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}

export function InboxPageView(props: {
  user: AuthUser;
  csrf: string;
  inbox: InboxPage;
}): JSX.Element {
  return (
    <Layout title="通知" user={props.user} csrf={props.csrf}>
      <h1>
        通知 <span class="count">{props.inbox.unreadCount} 条未读</span>
      </h1>
      {props.inbox.unreadCount ? (
        <form method="post" action="/inbox/read-all">
          <CsrfField token={props.csrf} />
          <button type="submit">全部标为已读</button>
        </form>
      ) : (
        ''
      )}
      {props.inbox.items.length ? (
        <ul class="inbox">
          {props.inbox.items.map((n) => (
            <NotificationRow n={n} />
          ))}
        </ul>
      ) : (
        <p class="muted">暂无通知</p>
      )}
    </Layout>
  );
}

export function NotificationRow(props: { n: InboxPage['items'][number] }): JSX.Element {
  const n = props.n;
  const link = consoleLink(n.link);
  return (
    <li class={n.readAt ? 'read' : 'unread'} id={`n-${n.id}`}>
      <strong>{e(n.subject)}</strong> <small>{e(formatDateTime(n.createdAt))}</small>
      <p>{e(n.body)}</p>
      {link ? (
        <a class="open" href={`/inbox/${n.id}/open`}>
          {n.kind === 'decision.returned' ? '前往修改' : '查看'}
        </a>
      ) : (
        ''
      )}{' '}
      {n.readAt ? (
        ''
      ) : (
        <button
          type="button"
          class="link"
          hx-post={`/inbox/${n.id}/read`}
          hx-target={`#n-${n.id}`}
          hx-swap="outerHTML"
        >
          标为已读
        </button>
      )}
    </li>
  );
}
