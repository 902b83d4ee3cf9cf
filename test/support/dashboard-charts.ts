import type { TestApp } from './test-app';

/** The /stats page's server-drawn charts: each chart's key and its inline SVG, in page order. */
export function dashboardCharts(html: string): Record<string, string> {
  return Object.fromEntries(
    [
      ...html.matchAll(
        /<figure class="chart" id="chart-(\w+)" data-chart="\w+">(<svg[\s\S]*?<\/svg>)<\/figure>/g,
      ),
    ].map((m) => [m[1], m[2]]),
  );
}

/** The bytes of script a page loads: every <script src> it names, fetched from the app. */
export async function scriptBytes(t: TestApp, html: string): Promise<number> {
  const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  let total = 0;
  for (const src of sources) {
    const res = await t
      .http()
      .get(src)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    if (res.status !== 200) throw new Error(`${src} answered ${res.status}`);
    total += (res.body as Buffer).length;
  }
  return total;
}
