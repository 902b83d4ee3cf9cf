/**
 * The simulation's only way into the system: the public HTTP API, as a browser or an integration
 * would use it. Every call names the user it acts as; a status other than the expected one stops
 * the simulation with the server's own message, because a silent failure would make the summary lie.
 */
export interface Session {
  username: string;
  id: string;
  organizationId: string;
  token: string;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} → ${status} ${JSON.stringify(body)}`);
  }
}

export class ApiClient {
  /** Requests made, by "METHOD /path-pattern", for the summary. */
  readonly calls = new Map<string, number>();
  /** Milliseconds spent waiting for the server, by the same keys: where the year's time goes. */
  readonly millis = new Map<string, number>();

  constructor(readonly baseUrl: string) {}

  async login(username: string, password: string): Promise<Session> {
    const { accessToken } = await this.request<{ accessToken: string }>(
      null,
      'POST',
      '/api/auth/login',
      { username, password },
      [200],
    );
    const auth = { token: accessToken } as Session;
    const me = await this.request<{ id: string; organizationId: string }>(
      auth,
      'GET',
      '/api/auth/me',
    );
    return { username, id: me.id, organizationId: me.organizationId, token: accessToken };
  }

  /** A new user's first login: sets their own password in place of the one the admin chose. */
  async firstLogin(username: string, initial: string, own: string): Promise<Session> {
    const first = await this.login(username, initial);
    await this.request(
      first,
      'POST',
      '/api/auth/password',
      {
        currentPassword: initial,
        newPassword: own,
      },
      [204],
    );
    return this.login(username, own);
  }

  get<T>(as: Session | null, path: string): Promise<T> {
    return this.request<T>(as, 'GET', path);
  }

  post<T>(as: Session | null, path: string, body: unknown, expect: number[] = [200, 201]) {
    return this.request<T>(as, 'POST', path, body, expect);
  }

  put<T>(as: Session | null, path: string, body: unknown) {
    return this.request<T>(as, 'PUT', path, body);
  }

  /** Sends a workflow event; returns null when the server refuses it with the given statuses. */
  async event(
    as: Session,
    id: string,
    type: string,
    extra: Record<string, unknown> = {},
    tolerate: number[] = [],
  ): Promise<{ state: string; version: number } | null> {
    try {
      return await this.post(as, `/api/achievements/${id}/events`, { type, ...extra }, [200]);
    } catch (err) {
      if (err instanceof ApiError && tolerate.includes(err.status)) return null;
      throw err;
    }
  }

  async upload(
    as: Session,
    path: string,
    file: Blob,
    name: string,
    fields: Record<string, string>,
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', file, name);
    return this.send(as, 'POST', path, form, [201]);
  }

  async download(as: Session | null, path: string): Promise<Buffer> {
    const started = performance.now();
    const res = await fetch(this.baseUrl + path, { headers: this.headers(as) });
    this.count('GET', path, started);
    if (res.status !== 200) throw new ApiError('GET', path, res.status, await res.text());
    return Buffer.from(await res.arrayBuffer());
  }

  request<T>(
    as: Session | null,
    method: string,
    path: string,
    body?: unknown,
    expect: number[] = [200],
  ): Promise<T> {
    return this.send(
      as,
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      expect,
    ) as Promise<T>;
  }

  private async send(
    as: Session | null,
    method: string,
    path: string,
    body: string | FormData | undefined,
    expect: number[],
  ): Promise<unknown> {
    const headers = this.headers(as);
    if (typeof body === 'string') headers['content-type'] = 'application/json';
    const started = performance.now();
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    this.count(method, path, started);
    const parsed: unknown =
      text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (!expect.includes(res.status)) throw new ApiError(method, path, res.status, parsed);
    return parsed;
  }

  private headers(as: Session | null): Record<string, string> {
    return as ? { authorization: `Bearer ${as.token}` } : {};
  }

  private count(method: string, path: string, started: number): void {
    const key = `${method} ${path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    this.millis.set(key, (this.millis.get(key) ?? 0) + performance.now() - started);
  }

  /** Requests by route, the slowest in total first: count, total seconds, mean milliseconds. */
  profile(): { route: string; count: number; seconds: number; meanMs: number }[] {
    return [...this.calls]
      .map(([route, count]) => {
        const ms = this.millis.get(route) ?? 0;
        return { route, count, seconds: Math.round(ms) / 1000, meanMs: Math.round(ms / count) };
      })
      .sort((a, b) => b.seconds - a.seconds);
  }
}
