import { createHmac } from 'node:crypto';
import { request } from 'node:http';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: Record<string, unknown>;
}

/**
 * One HTTP request from a chosen local address (127.0.0.2, 127.0.0.3, … are all this machine), so
 * that a test can be two clients at once: an attacker and the real user.
 */
export function httpFrom(
  base: string,
  localAddress: string,
  method: string,
  path: string,
  options: {
    body?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<PlainResponse> {
  const type = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const payload = options.form
    ? new URLSearchParams(options.form).toString()
    : options.body === undefined
      ? undefined
      : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        localAddress,
        agent: false,
        headers: {
          connection: 'close',
          ...(payload
            ? { 'content-type': type, 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A token signed with `secret` (HS256 unless told), with whatever claims a test wants. */
export function signToken(
  claims: Record<string, unknown>,
  secret: string,
  alg: 'HS256' | 'HS512' | 'none' = 'HS256',
): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  if (alg === 'none') return `${head}.`;
  const digest = alg === 'HS256' ? 'sha256' : 'sha512';
  return `${head}.${createHmac(digest, secret).update(head).digest('base64url')}`;
}

/** The claims of a token, unchecked. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
    string,
    unknown
  >;
}
