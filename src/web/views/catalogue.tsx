import { escapeHtml as e, type PropsWithChildren } from '@kitajs/html';
import { STATES } from '../../../workflows/achievement.machine';
import { CATEGORIES, CATEGORY_LABELS } from '../../reference/achievement-category';
import type { AchievementSummaryView } from '../../achievements/achievement.view';
import type { AuthUser } from '../../access/auth-user';
import type { PublicAchievementView } from '../../public/public-catalogue.service';
import { stateLabel } from '../web-labels';
import { Layout } from './layout';
import {
  NoResultsHint,
  ResultCount,
  highlight,
  highlightedSnippet,
  searchTerms,
} from './public-results';
import { ItemsTable } from './tasks';

export interface CatalogueFilters {
  q?: string;
  category?: string;
  domain?: string;
  city?: string;
  state?: string;
  year?: string;
  cursor?: string;
}

export interface FilterOptions {
  domains: { key: string; name: string }[];
  cities: string[];
  /** Years of collection batches, newest first. */
  years: number[];
}

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

export function ItemsPage(props: {
  user: AuthUser;
  csrf: string;
  filters: CatalogueFilters;
  options: FilterOptions;
  items: AchievementSummaryView[];
  nextCursor: string | null;
}): JSX.Element {
  return (
    <Layout title="成果列表" user={props.user} csrf={props.csrf}>
      <h1>{props.user.roles.every((r) => r === 'submitter') ? '我的成果' : '成果列表'}</h1>
      {props.user.roles.every((r) => r === 'submitter') ? (
        <p class="muted">本单位申报的全部成果,含已提交、已退回、已撤回的,每项显示当前状态。</p>
      ) : (
        ''
      )}
      <FilterForm action="/items" filters={props.filters} options={props.options} withState />
      <ItemsTable items={props.items} />
      <Pager base="/items" filters={props.filters} nextCursor={props.nextCursor} />
    </Layout>
  );
}

export function PublicLayout(props: PropsWithChildren<{ title: string }>): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{e(props.title)} · 浙里好成果</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        </head>
        <body class="public">
          <header class="site">
            <a class="brand" href="/public">
              浙里好成果 · 重大科技成果发布平台
            </a>
            <nav>
              <a href="/public">已发布成果</a>
              <a href="/public/editions">发布刊物</a>
              <a href="/partners/register">对接方注册</a>
            </nav>
          </header>
          <main>{props.children}</main>
          <footer class="site">浙江省科学技术厅 · 重大科技成果发布制度</footer>
        </body>
      </html>
    </>
  );
}

export function PublicListPage(props: {
  filters: CatalogueFilters;
  options: FilterOptions;
  items: PublicAchievementView[];
  /** How many match in all (every page), for 「共 N 项」. */
  total: number;
  nextCursor: string | null;
}): JSX.Element {
  const terms = searchTerms(props.filters.q);
  return (
    <PublicLayout title="已发布成果">
      <h1>已发布的重大科技成果</h1>
      <FilterForm action="/public" filters={props.filters} options={props.options} />
      <ResultCount total={props.total} q={props.filters.q} />
      {props.items.length ? (
        <ol class="results">
          {props.items.map((i) => (
            <li class="result">
              <h2>
                <a href={`/public/${i.id}`}>{highlight(i.title, terms)}</a>
              </h2>
              <p class="meta">
                {e(i.categoryLabel)} · {e(i.domain.name)} · {e(i.city)} · {e(i.organization)}
              </p>
              <p>{highlightedSnippet(i.summary, terms)}</p>
            </li>
          ))}
        </ol>
      ) : (
        <NoResultsHint filters={props.filters} options={props.options} />
      )}
      <Pager base="/public" filters={props.filters} nextCursor={props.nextCursor} />
    </PublicLayout>
  );
}

export function PublicDetailPage(props: { item: PublicAchievementView }): JSX.Element {
  const i = props.item;
  return (
    <PublicLayout title={i.title}>
      <p class="crumbs">
        <a href="/public">已发布成果</a> ›
      </p>
      <article class="public-item">
        <h1>{e(i.title)}</h1>
        <p class="meta">
          {e(i.categoryLabel)} · {e(i.domain.name)} · {e(i.levelClaimLabel)}
          {i.breaksMonopoly ? ' · 打破国外垄断' : ''}
          {i.fillsGap ? ' · 填补国内空白' : ''}
        </p>
        <h2>成果简介</h2>
        <p class="prose">{e(i.summary)}</p>
        <dl>
          <dt>申报单位</dt>
          <dd>
            {e(i.organization)}({e(i.city)})
          </dd>
          <dt>完成单位</dt>
          <dd>{e(i.completingUnits.map((u) => u.name).join('、'))}</dd>
          <dt>完成人</dt>
          <dd>{e(i.completers.map((c) => `${c.name}(${c.unit})`).join('、'))}</dd>
        </dl>
        <p>
          <a href={`/transfer/items/${i.id}`} id="transfer-offer">
            成果转化意向 · 我要对接
          </a>
        </p>
      </article>
    </PublicLayout>
  );
}
