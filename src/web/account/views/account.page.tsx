import { escapeHtml as e } from '@kitajs/html';
import type { AccountAction, AuthUser } from '../../../access/auth-user';
import type { SecondFactorStatus } from '../../../auth/second-factor.service';
import { ACCOUNT_ACTION_MESSAGES } from '../../../users/account-gate';
import { formatDateTime } from '../../shared/web-labels';
import { CsrfField, Layout } from '../../shared/layout';

function Errors(props: { messages?: string[] }): JSX.Element {
  if (!props.messages?.length) return '';
  return (
    <ul class="error" role="alert">
      {props.messages.map((m) => (
        <li>{e(m)}</li>
      ))}
    </ul>
  );
}

/** The six digits of an authenticator, with the message of a wrong one. */
function CodeField(props: { label: string; error?: string }): JSX.Element {
  return (
    <label class="field">
      <span class="label">{e(props.label)}</span>
      <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required />
      {props.error ? (
        <p class="error" role="alert">
          {e(props.error)}
        </p>
      ) : (
        ''
      )}
    </label>
  );
}

/** 账号安全: the password change and the second factor (enrolment, recovery codes). */
export function AccountPage(props: {
  user: AuthUser;
  csrf: string;
  action?: AccountAction;
  secondFactor: SecondFactorStatus;
  /** Set while enrolling: what to put into the authenticator app. */
  enrolment?: { secret: string; uri: string };
  /** Set while moving to a new authenticator: the new secret, sealed for the confirm form. */
  reenrolment?: { secret: string; uri: string; pending: string };
  recoveryCodes?: string[];
  passwordErrors?: Record<string, string[]>;
  codeError?: string;
  disableError?: string;
  notice?: string;
}): JSX.Element {
  const changing =
    props.action === 'changeInitialPassword' || props.action === 'changeExpiredPassword';
  const sf = props.secondFactor;
  return (
    <Layout title="账号安全" user={props.user} csrf={props.csrf}>
      <h1>账号安全</h1>
      {props.action ? (
        <p class="notice" role="status" id="account-action">
          {e(ACCOUNT_ACTION_MESSAGES[props.action])}
        </p>
      ) : (
        ''
      )}
      {props.notice ? (
        <p class="notice" role="status">
          {e(props.notice)}
        </p>
      ) : (
        ''
      )}
      {props.action === 'enrolSecondFactor' ? (
        ''
      ) : (
        <section id="password">
          <h2>修改密码</h2>
          <Errors messages={props.passwordErrors?.form} />
          <form method="post" action="/account/password">
            <CsrfField token={props.csrf} />
            <label class="field">
              <span class="label">
                {changing ? '当前密码(管理员给出的临时密码或原密码)' : '当前密码'}
              </span>
              <input
                type="password"
                name="currentPassword"
                autocomplete="current-password"
                required
              />
              <Errors messages={props.passwordErrors?.currentPassword} />
            </label>
            <label class="field">
              <span class="label">新密码</span>
              <input type="password" name="newPassword" autocomplete="new-password" required />
              <Errors messages={props.passwordErrors?.newPassword} />
            </label>
            <label class="field">
              <span class="label">再次输入新密码</span>
              <input type="password" name="confirmPassword" autocomplete="new-password" required />
              <Errors messages={props.passwordErrors?.confirmPassword} />
            </label>
            <p class="hint">
              至少 12
              个字符,包含小写字母、大写字母、数字、符号中的至少三类;不能包含用户名,不能是常见密码或键盘上连续的按键。
            </p>
            <button type="submit" class="primary">
              修改密码
            </button>
          </form>
        </section>
      )}
      {changing ? (
        ''
      ) : (
        <section id="second-factor">
          <h2>双因素认证(身份验证器)</h2>
          {props.recoveryCodes ? (
            <div class="notice" role="status">
              <p>
                已启用双因素认证。以下 {String(props.recoveryCodes.length)}{' '}
                个恢复码只显示这一次,请抄下或打印后妥善保管;手机丢失时,每个恢复码可代替验证码登录一次。
              </p>
              <ol id="recovery-codes">
                {props.recoveryCodes.map((c) => (
                  <li>
                    <code>{e(c)}</code>
                  </li>
                ))}
              </ol>
            </div>
          ) : props.reenrolment ? (
            <div id="reenrolment">
              <p>
                请在新手机的身份验证器中添加账号:输入下面的密钥,或将链接复制到支持的应用中。输入新身份验证器的验证码确认后,原来的身份验证器和恢复码即失效;确认之前原来的仍可使用。
              </p>
              <p>
                密钥:<code id="totp-secret">{e(props.reenrolment.secret)}</code>
              </p>
              <p>
                链接:<code id="totp-uri">{e(props.reenrolment.uri)}</code>
              </p>
              <form method="post" action="/account/second-factor/reenrol/confirm">
                <CsrfField token={props.csrf} />
                <input type="hidden" name="pending" value={props.reenrolment.pending} />
                <CodeField error={props.codeError} label="新身份验证器显示的 6 位验证码" />
                <button type="submit" class="primary">
                  确认更换
                </button>
              </form>
            </div>
          ) : sf.enabled ? (
            <div>
              <p id="second-factor-status">
                已于 {e(formatDateTime(new Date(sf.enabledAt!)))} 启用;剩余恢复码{' '}
                {String(sf.recoveryCodesLeft)} 个。
              </p>
              {props.codeError ? (
                <p class="error" role="alert">
                  {e(props.codeError)}
                </p>
              ) : (
                ''
              )}
              <form method="post" action="/account/second-factor/reenrol" id="reenrol-form">
                <CsrfField token={props.csrf} />
                <button type="submit">更换身份验证器(换手机)</button>
              </form>
              {sf.required ? (
                <p class="hint">您的角色须启用双因素认证,不能关闭。</p>
              ) : (
                <form method="post" action="/account/second-factor/disable" id="disable-form">
                  <CsrfField token={props.csrf} />
                  <CodeField error={props.disableError} label="关闭前请输入当前的 6 位验证码" />
                  <button type="submit" class="danger">
                    关闭双因素认证
                  </button>
                </form>
              )}
            </div>
          ) : props.enrolment ? (
            <div>
              <p>
                请在手机上的身份验证器(如 Microsoft Authenticator、Google
                身份验证器、FreeOTP)中添加账号:可输入下面的密钥,或将链接复制到支持的应用中。
              </p>
              <p>
                密钥:<code id="totp-secret">{e(props.enrolment.secret)}</code>
              </p>
              <p>
                链接:<code id="totp-uri">{e(props.enrolment.uri)}</code>
              </p>
              <form method="post" action="/account/second-factor/confirm">
                <CsrfField token={props.csrf} />
                <label class="field">
                  <span class="label">应用显示的 6 位验证码</span>
                  <input
                    type="text"
                    name="code"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    required
                  />
                  {props.codeError ? (
                    <p class="error" role="alert">
                      {e(props.codeError)}
                    </p>
                  ) : (
                    ''
                  )}
                </label>
                <button type="submit" class="primary">
                  确认启用
                </button>
              </form>
            </div>
          ) : (
            <div>
              <p>
                {sf.required ? '您的角色须启用双因素认证。' : ''}
                启用后,登录时除密码外还须输入手机身份验证器上的 6 位验证码。
              </p>
              <form method="post" action="/account/second-factor">
                <CsrfField token={props.csrf} />
                <button type="submit" class="primary">
                  开始绑定身份验证器
                </button>
              </form>
            </div>
          )}
        </section>
      )}
    </Layout>
  );
}

/** The login's second step: the code of the authenticator app, or a recovery code. */
export function SecondFactorLoginPage(props: {
  csrf: string;
  challenge: string;
  next: string;
  error?: string;
}): JSX.Element {
  return (
    <Layout title="双因素认证" csrf={props.csrf}>
      <section class="login">
        <h1>输入验证码</h1>
        {props.error ? (
          <p class="error" role="alert">
            {e(props.error)}
          </p>
        ) : (
          ''
        )}
        <form method="post" action="/login/second-factor">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="challenge" value={props.challenge} />
          <input type="hidden" name="next" value={props.next} />
          <label class="field">
            <span class="label">身份验证器上的 6 位验证码(或一个恢复码)</span>
            <input
              type="text"
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              required
            />
          </label>
          <button type="submit" class="primary">
            验证并登录
          </button>
        </form>
      </section>
    </Layout>
  );
}
