import { escapeHtml as e } from '@kitajs/html';
import { ROLES } from '../../../../workflows/achievement.machine';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import type { OrganizationView } from '../../../organizations/organizations.service';
import type { UserView } from '../../../users/users.service';
import { CONFIRMATIONS } from '../../shared/confirmations';
import { roleLabel } from '../../shared/web-labels';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';

export interface UserFilters {
  q?: string;
  role?: string;
  active?: string;
}

export interface NewUserForm {
  username?: string;
  displayName?: string;
  organizationId?: string;
  email?: string;
  roles?: string[];
}

const DONE: Record<string, string> = {
  created: '账号已创建。',
  deactivated: '账号已停用,该用户的会话随即失效。',
  reactivated: '账号已启用。',
  roles: '角色已变更,该用户须重新登录。',
  secondFactorReset:
    '双因素认证已重置,该用户的会话随即失效;其角色须启用双因素认证的,下次登录时须重新绑定身份验证器。',
};

function RoleChecks(props: { name: string; checked: readonly string[]; idPrefix: string }) {
  return (
    <span class="checks">
      {ROLES.map((r) => (
        <label>
          <input
            type="checkbox"
            name={props.name}
            value={r}
            id={`${props.idPrefix}-${r}`}
            checked={props.checked.includes(r)}
          />{' '}
          {e(roleLabel(r))}
        </label>
      ))}
    </span>
  );
}

/** 停用 for an active account, 启用 for a deactivated one. */
function ActiveToggle(props: { user: UserView; csrf: string }): JSX.Element {
  const u = props.user;
  return u.active ? (
    <form method="post" action={`/admin/users/${u.id}/deactivate`} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit" class="danger" data-confirm={CONFIRMATIONS.USER_DEACTIVATE}>
        停用
      </button>
    </form>
  ) : (
    <form method="post" action={`/admin/users/${u.id}/reactivate`} class="inline">
      <CsrfField token={props.csrf} />
      <button type="submit">启用</button>
    </form>
  );
}

/** 用户管理: the security administrator's list with search, the new-account form, and per-row actions. */
export function AdminUsersPage(props: {
  user: AuthUser;
  csrf: string;
  filters: UserFilters;
  users: UserView[];
  organizations: OrganizationView[];
  form: NewUserForm;
  errors: FieldErrors;
  done?: string;
  /** A password reset just done: the one-time password, shown on this page only. */
  reset?: { username: string; temporaryPassword: string };
}): JSX.Element {
  const f = props.filters;
  const form = props.form;
  const errors = props.errors;
  const message = props.done ? DONE[props.done] : undefined;
  return (
    <Layout title="用户管理" user={props.user} csrf={props.csrf}>
      <h1>用户管理</h1>
      {message ? (
        <p class="notice" id="done" role="status">
          {e(message)}
        </p>
      ) : (
        ''
      )}
      {props.reset ? (
        <div class="notice" id="password-reset" role="status">
          <p>
            已重置账号 {e(props.reset.username)}{' '}
            的密码,该用户的会话随即失效。一次性密码只显示这一次,请当面或通过安全渠道告知本人;用户下次登录时须修改。
          </p>
          <p>
            一次性密码:<code id="temporary-password">{e(props.reset.temporaryPassword)}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      <form class="filters" method="get" action="/admin/users" id="user-filters">
        <label>
          用户名或姓名
          <input type="search" name="q" value={f.q ?? ''} maxlength="100" />
        </label>
        <label>
          角色
          <select name="role">
            <option value="">全部</option>
            {ROLES.map((r) => (
              <option value={r} selected={f.role === r}>
                {e(roleLabel(r))}
              </option>
            ))}
          </select>
        </label>
        <label>
          状态
          <select name="active">
            <option value="">全部</option>
            <option value="true" selected={f.active === 'true'}>
              启用
            </option>
            <option value="false" selected={f.active === 'false'}>
              已停用
            </option>
          </select>
        </label>
        <button type="submit" class="primary">
          查询
        </button>
      </form>
      <table id="user-rows">
        <thead>
          <tr>
            <th>用户名</th>
            <th>姓名</th>
            <th>单位</th>
            <th>角色</th>
            <th>状态</th>
            <th>双因素认证</th>
            <th>操作</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr data-username={u.username}>
              <td>{e(u.username)}</td>
              <td>{e(u.displayName)}</td>
              <td>{e(u.organizationName)}</td>
              <td>
                {u.id === props.user.id ? (
                  e(u.roles.map(roleLabel).join('、'))
                ) : (
                  <form method="post" action={`/admin/users/${u.id}/roles`} class="inline roles">
                    <CsrfField token={props.csrf} />
                    <RoleChecks name="roles" checked={u.roles} idPrefix={`roles-${u.username}`} />
                    <button type="submit" data-confirm={CONFIRMATIONS.USER_ROLES}>
                      变更角色
                    </button>
                  </form>
                )}
              </td>
              <td>{u.active ? '启用' : '已停用'}</td>
              <td>{u.secondFactorEnabled ? '已启用' : '未启用'}</td>
              <td>
                {u.id === props.user.id ? (
                  '(本人)'
                ) : (
                  <span class="row-actions">
                    <form
                      method="post"
                      action={`/admin/users/${u.id}/password-reset`}
                      class="inline"
                    >
                      <CsrfField token={props.csrf} />
                      <button type="submit" data-confirm={CONFIRMATIONS.USER_PASSWORD_RESET}>
                        重置密码
                      </button>
                    </form>
                    {u.secondFactorEnabled ? (
                      <form
                        method="post"
                        action={`/admin/users/${u.id}/second-factor-reset`}
                        class="inline"
                      >
                        <CsrfField token={props.csrf} />
                        <button type="submit" data-confirm={CONFIRMATIONS.USER_SECOND_FACTOR_RESET}>
                          重置双因素
                        </button>
                      </form>
                    ) : (
                      ''
                    )}
                    <ActiveToggle user={u} csrf={props.csrf} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.users.length === 0 ? <p class="muted">没有符合条件的账号。</p> : ''}
      <section class="card" id="new-user">
        <h2>新建账号</h2>
        <form method="post" action="/admin/users" id="new-user-form" class="filters">
          <CsrfField token={props.csrf} />
          <label>
            用户名(字母、数字和 _ . -)
            <input
              name="username"
              value={form.username ?? ''}
              required
              maxlength="64"
              aria-invalid={errors.username ? 'true' : undefined}
            />
            <Errors errors={errors} name="username" />
          </label>
          <label>
            初始密码
            <input
              type="password"
              name="password"
              required
              autocomplete="new-password"
              aria-invalid={errors.password ? 'true' : undefined}
            />
            <Errors errors={errors} name="password" />
          </label>
          <label>
            姓名
            <input
              name="displayName"
              value={form.displayName ?? ''}
              required
              maxlength="100"
              aria-invalid={errors.displayName ? 'true' : undefined}
            />
            <Errors errors={errors} name="displayName" />
          </label>
          <label>
            单位
            <select name="organizationId" aria-invalid={errors.organizationId ? 'true' : undefined}>
              {props.organizations.map((o) => (
                <option value={o.id} selected={form.organizationId === o.id}>
                  {e(o.name)}
                </option>
              ))}
            </select>
            <Errors errors={errors} name="organizationId" />
          </label>
          <label>
            电子邮箱(可选)
            <input
              type="email"
              name="email"
              value={form.email ?? ''}
              maxlength="200"
              aria-invalid={errors.email ? 'true' : undefined}
            />
            <Errors errors={errors} name="email" />
          </label>
          <fieldset aria-invalid={errors.roles ? 'true' : undefined}>
            <legend>角色</legend>
            <RoleChecks name="roles" checked={form.roles ?? []} idPrefix="new-role" />
            <Errors errors={errors} name="roles" />
          </fieldset>
          <button type="submit" class="primary" id="create-user">
            创建账号
          </button>
        </form>
      </section>
    </Layout>
  );
}
