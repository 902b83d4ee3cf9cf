import { escapeHtml as e, type PropsWithChildren } from '@kitajs/html';
import type { Response } from 'express';
import { withoutBidiControls } from '../../common/input-text';
import type { AuthUser } from '../../access/auth-user';
import { CSRF_FIELD, type ConsoleUser } from './web-session';
import { Breadcrumbs, trailOf, type Crumb } from './breadcrumbs';
import { roleLabel } from './web-labels';

/** htmx swaps error answers too, so a refused action shows its message where it was taken. */
const HTMX_CONFIG = JSON.stringify({
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true },
    { code: '...', swap: false },
  ],
});

export interface PageProps {
  title: string;
  user?: AuthUser | null;
  csrf?: string;
  /** The breadcrumb trail after 我的待办; by default the page's title alone. */
  crumbs?: Crumb[];
}

/** Every console page: header with the user's navigation, main content, and the scripts served locally. */
export function Layout(props: PropsWithChildren<PageProps>): JSX.Element {
  const user = props.user;
  const has = (...roles: string[]) => !!user && user.roles.some((r) => roles.includes(r));
  return (
    <>
      {'<!doctype html>'}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{e(props.title)} · 浙里好成果</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <script src="/assets/htmx.min.js" defer></script>
          <script src="/assets/app.js" defer></script>
        </head>
        <body hx-headers={props.csrf ? JSON.stringify({ 'X-CSRF-Token': props.csrf }) : undefined}>
          <header class="site">
            <a class="brand" href={user ? '/tasks' : '/public'}>
              浙里好成果
            </a>
            {user ? (
              <nav>
                <a href="/tasks">我的待办</a>
                <a href="/items">成果列表</a>
                {has('expert') ? <a href="/reviews/mine">已评</a> : ''}
                {has('submitter') ? <a href="/items/new">新建成果</a> : ''}
                {has('officeStaff', 'admin', 'recommender', 'submitter') ? (
                  <a href="/library">成果库</a>
                ) : (
                  ''
                )}
                {has('recommender') ? <a href="/recommend">批量推荐</a> : ''}
                {has('officeStaff', 'admin') ? <a href="/collection">征集情况</a> : ''}
                {has('officeStaff', 'admin') ? <a href="/review">评审分配</a> : ''}
                {has('officeStaff', 'auditAdmin') ? <a href="/audit">审计查询</a> : ''}
                {has('auditAdmin') ? <a href="/security-log">安全日志</a> : ''}
                {has('securityAdmin') ? <a href="/admin/users">用户管理</a> : ''}
                {has('officeStaff', 'admin', 'recommender') ? <a href="/stats">统计分析</a> : ''}
                {has('officeStaff') ? <a href="/editions">刊期管理</a> : ''}
                {has('submitter') ? <a href="/transfer/offers">转化意向</a> : ''}
                {has('officeStaff', 'admin') ? <a href="/transfer/partners">对接方审核</a> : ''}
                {has('partner', 'submitter', 'officeStaff', 'admin') ? (
                  <a href="/transfer/requests">对接请求</a>
                ) : (
                  ''
                )}
                <InboxLink unread={(user as ConsoleUser).unreadNotifications} />
                <a href="/public">公开平台</a>
              </nav>
            ) : (
              <nav>
                <a href="/public">公开平台</a>
                <a href="/partners/register">对接方注册</a>
              </nav>
            )}
            {user ? <HeaderSearch /> : ''}
            {user ? (
              <form class="who" method="post" action="/logout">
                <span>
                  {e(user.displayName)}({e(user.roles.map(roleLabel).join('、'))})
                </span>
                <a href="/account">账号安全</a>
                <a href="/account/sessions">登录会话</a>
                <CsrfField token={props.csrf} />
                <button type="submit" class="link">
                  退出登录
                </button>
              </form>
            ) : (
              ''
            )}
          </header>
          <main>
            {user ? <Breadcrumbs trail={trailOf(props.title, props.crumbs)} /> : ''}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** 通知 with the number of unread notifications, when there are any. */
function InboxLink(props: { unread?: number }): JSX.Element {
  const n = props.unread ?? 0;
  return (
    <a href="/inbox" class="inbox-link">
      通知
      {n > 0 ? (
        <span class="count unread" aria-label={`${n} 条未读`}>
          {n > 99 ? '99+' : String(n)}
        </span>
      ) : (
        ''
      )}
    </a>
  );
}

/** Finds an item by title or number (编号) among the items the user may see. */
function HeaderSearch(): JSX.Element {
  return (
    <form class="header-search" method="get" action="/items" role="search">
      <input
        type="search"
        name="q"
        maxlength="100"
        placeholder="搜索成果名称或编号"
        aria-label="搜索成果名称或编号"
      />
      <button type="submit">搜索</button>
    </form>
  );
}

export function CsrfField(props: { token?: string }): JSX.Element {
  return props.token ? <input type="hidden" name={CSRF_FIELD} value={props.token} /> : '';
}

export function ErrorPage(props: {
  status: number;
  message: string;
  fields?: string[];
  user?: AuthUser | null;
  csrf?: string;
}): JSX.Element {
  const title = props.status === 403 ? '无权操作' : props.status === 404 ? '未找到' : '出错了';
  return (
    <Layout title={title} user={props.user} csrf={props.csrf}>
      <section class="error-page">
        <h1>{e(title)}</h1>
        <div class="error" role="alert">
          {e(props.message)}
          {props.fields?.length ? (
            <ul>
              {props.fields.map((f) => (
                <li>{e(f)}</li>
              ))}
            </ul>
          ) : (
            ''
          )}
        </div>
        <p>
          <a href="/tasks">返回我的待办</a> · <a href="/public">公开平台</a>
        </p>
      </section>
    </Layout>
  );
}

/** The fragment htmx puts into an action's result area. */
export function ErrorFragment(props: { status: number; message: string; fields?: string[] }) {
  return (
    <div class="error" role="alert" data-status={String(props.status)}>
      {e(props.message)}
      {props.fields?.length ? (
        <ul>
          {props.fields.map((f) => (
            <li>{e(f)}</li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}

export function sendHtml(res: Response, status: number, element: JSX.Element): void {
  res.status(status).type('html').send(html(element));
}

/**
 * Kitajs returns strings for synchronous templates; the console uses only those. Every page and
 * fragment leaves here without bidi controls (no template writes one, so only stored text can
 * carry them): a title stored before input refused them still cannot display reordered.
 */
export function html(element: JSX.Element): string {
  if (typeof element !== 'string') throw new Error('async templates are not used in the console');
  return withoutBidiControls(element);
}
