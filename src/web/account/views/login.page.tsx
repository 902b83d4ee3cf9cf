import { escapeHtml as e } from '@kitajs/html';
import { CsrfField, Layout } from '../../shared/layout';

export function LoginPage(props: {
  csrf: string;
  next: string;
  username?: string;
  error?: string;
  notice?: string;
}): JSX.Element {
  return (
    <Layout title="登录" csrf={props.csrf}>
      <section class="login">
        <h1>登录浙里好成果</h1>
        {props.notice ? (
          <p class="notice" role="status">
            {e(props.notice)}
          </p>
        ) : (
          ''
        )}
        {props.error ? (
          <p class="error" role="alert">
            {e(props.error)}
          </p>
        ) : (
          ''
        )}
        <form method="post" action="/login">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="next" value={props.next} />
          <label class="field">
            <span class="label">用户名</span>
            <input
              type="text"
              name="username"
              value={props.username ?? ''}
              autocomplete="username"
              required
            />
          </label>
          <label class="field">
            <span class="label">密码</span>
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <button type="submit" class="primary">
            登录
          </button>
        </form>
      </section>
    </Layout>
  );
}
