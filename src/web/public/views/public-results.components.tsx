import { escapeHtml as e } from '@kitajs/html';
import type { CatalogueFilters, FilterOptions } from '../../shared/catalogue.view-model';

/** The search terms of a query, as the public search splits them (every term must match). */
export function searchTerms(q: string | undefined): string[] {
  return [...new Set((q ?? '').trim().split(/\s+/).filter(Boolean))];
}

/**
 * `text` as HTML with every occurrence of the terms (ignoring case) in <mark>. The text is cut at
 * the matches and every piece escaped on its own, so nothing of the text or the query can become
 * markup, and a term can never match inside an escape such as `&amp;`.
 */
export function highlight(text: string, terms: string[]): string {
  const ranges = matchRanges(text, terms);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += e(text.slice(at, start)) + `<mark>${e(text.slice(start, end))}</mark>`;
    at = end;
  }
  return out + e(text.slice(at));
}

/**
 * A summary cut to about `max` characters around its first match (so a match late in a long
 * summary is still seen), as highlighted HTML.
 */
export function highlightedSnippet(text: string, terms: string[], max = 140): string {
  if (text.length <= max) return highlight(text, terms);
  const first = matchRanges(text, terms)[0]?.[0] ?? 0;
  const start = first < max - 40 ? 0 : Math.min(first - 30, text.length - max);
  const end = start + max;
  return `${start > 0 ? '…' : ''}${highlight(text.slice(start, end), terms)}${end < text.length ? '…' : ''}`;
}

/** Non-overlapping [start, end) ranges of the terms in the text, longest term first at a tie. */
function matchRanges(text: string, terms: string[]): [number, number][] {
  const lower = text.toLowerCase();
  const found: [number, number][] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const needle = term.toLowerCase();
    if (!needle) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      const end = i + needle.length;
      if (!found.some(([s, f]) => i < f && end > s)) found.push([i, end]);
    }
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** 「共 N 项」, with the query named when there is one. */
export function ResultCount(props: { total: number; q?: string }): JSX.Element {
  return (
    <p class="result-count" role="status">
      {props.q ? <>与「{e(props.q)}」相关的成果</> : '已发布成果'}共 <strong>{props.total}</strong>{' '}
      项
    </p>
  );
}

const FILTER_LABELS: Record<string, string> = {
  category: '类别',
  domain: '领域',
  city: '城市',
  year: '年度',
};

/** What to try when nothing matches: other words, fewer filters, or browsing by field. */
export function NoResultsHint(props: {
  filters: CatalogueFilters;
  options: FilterOptions;
}): JSX.Element {
  const f = props.filters;
  const used = Object.keys(FILTER_LABELS).filter((k) => f[k as keyof CatalogueFilters]);
  const withoutFilters = f.q ? `/public?${new URLSearchParams({ q: f.q }).toString()}` : '/public';
  return (
    <div class="no-results" role="status">
      <p>
        <strong>
          {f.q ? <>没有找到与「{e(f.q)}」相符的已发布成果。</> : '没有符合条件的成果。'}
        </strong>
      </p>
      <p>您可以:</p>
      <ul>
        {f.q ? <li>检查关键词是否有错别字,或换用更常见的说法</li> : ''}
        {searchTerms(f.q).length > 1 ? <li>减少关键词:多个关键词须同时出现才会列出</li> : ''}
        {used.length ? (
          <li>
            去掉筛选条件({e(used.map((k) => FILTER_LABELS[k]).join('、'))}):
            <a href={withoutFilters}>{f.q ? '只按关键词查询' : '查看全部已发布成果'}</a>
          </li>
        ) : (
          ''
        )}
        {f.q ? (
          <li>
            <a href="/public">查看全部已发布成果</a>
          </li>
        ) : (
          ''
        )}
      </ul>
      {props.options.domains.length ? (
        <>
          <p>按领域浏览:</p>
          <ul class="browse-domains">
            {props.options.domains.map((d) => (
              <li>
                <a href={`/public?domain=${encodeURIComponent(d.key)}`}>{e(d.name)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </div>
  );
}
