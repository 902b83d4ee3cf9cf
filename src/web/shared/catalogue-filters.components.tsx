import { escapeHtml as e, type PropsWithChildren } from '@kitajs/html';
import { STATES } from '../../../workflows/achievement.machine';
import { CATEGORIES, CATEGORY_LABELS } from '../../reference/achievement-category';
import type { CatalogueFilters, FilterOptions } from './catalogue.view-model';
import { stateLabel } from './web-labels';

/** Keeps the filters in the paging links. */
export function queryString(filters: CatalogueFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) {
    if (v && k !== 'cursor') params.set(k, v);
  }
  if (extra.cursor) params.set('cursor', extra.cursor);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The catalogue's filters; `children` adds a page's own (the library's flag and score range). */
export function FilterForm(
  props: PropsWithChildren<{
    action: string;
    filters: CatalogueFilters;
    options: FilterOptions;
    withState?: boolean;
    withoutSearch?: boolean;
  }>,
): JSX.Element {
  const f = props.filters;
  return (
    <form class="filters" method="get" action={props.action} role="search">
      {props.withoutSearch ? (
        ''
      ) : (
        <label>
          关键词
          <input
            type="search"
            name="q"
            value={f.q ?? ''}
            maxlength="100"
            placeholder="名称或简介"
          />
        </label>
      )}
      <label>
        类别
        <select name="category">
          <option value="">全部</option>
          {CATEGORIES.map((c) => (
            <option value={c} selected={f.category === c}>
              {e(CATEGORY_LABELS[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        领域
        <select name="domain">
          <option value="">全部</option>
          {props.options.domains.map((d) => (
            <option value={d.key} selected={f.domain === d.key}>
              {e(d.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        城市
        <select name="city">
          <option value="">全部</option>
          {props.options.cities.map((c) => (
            <option value={c} selected={f.city === c}>
              {e(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        年度
        <select name="year">
          <option value="">全部</option>
          {props.options.years.map((y) => (
            <option value={String(y)} selected={f.year === String(y)}>
              {y} 年
            </option>
          ))}
        </select>
      </label>
      {props.withState ? (
        <label>
          状态
          <select name="state">
            <option value="">全部</option>
            {STATES.map((s) => (
              <option value={s} selected={f.state === s}>
                {e(stateLabel(s))}
              </option>
            ))}
          </select>
        </label>
      ) : (
        ''
      )}
      {props.children ?? ''}
      <button type="submit">查询</button>
    </form>
  );
}

export function Pager(props: {
  base: string;
  filters: CatalogueFilters;
  nextCursor: string | null;
}) {
  return (
    <nav class="pager">
      {props.filters.cursor ? (
        <a href={`${props.base}${queryString(props.filters)}`}>回到第一页</a>
      ) : (
        ''
      )}
      {props.nextCursor ? (
        <a
          rel="next"
          href={`${props.base}${queryString(props.filters, { cursor: props.nextCursor })}`}
        >
          下一页
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
