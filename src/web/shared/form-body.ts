/**
 * Reading urlencoded form bodies: every console form posts one, and each controller takes its
 * fields through these rather than trusting the shape express hands over.
 *
 * A urlencoded form body as express parses it with `extended: false`.
 */
export type FormBody = Record<string, string | string[] | undefined>;

export function formText(body: FormBody, key: string): string {
  const value = body[key];
  return (Array.isArray(value) ? value[value.length - 1] : (value ?? '')).trim();
}

export function formChecked(body: FormBody, key: string): boolean {
  const value = formText(body, key);
  return value === 'on' || value === 'true';
}

/**
 * Rows named `prefix.N.field`. Trailing empty rows (the spare row the form always offers) are
 * dropped; a blank row in the middle stays, so its errors point at the row the user sees.
 */
export function formRows(
  body: FormBody,
  prefix: string,
  fields: string[],
): Record<string, string>[] {
  const indices = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = key.startsWith(`${prefix}.`)
      ? /^(\d{1,3})\./.exec(key.slice(prefix.length + 1))
      : null;
    if (match) indices.add(Number(match[1]));
  }
  const max = indices.size ? Math.max(...indices) : -1;
  const out: Record<string, string>[] = [];
  for (let i = 0; i <= max; i++) {
    out.push(Object.fromEntries(fields.map((f) => [f, formText(body, `${prefix}.${i}.${f}`)])));
  }
  while (out.length && Object.values(out[out.length - 1]).every((v) => v === '')) out.pop();
  return out;
}
