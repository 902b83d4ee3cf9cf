import { escapeHtml as e, type PropsWithChildren } from '@kitajs/html';
import type { PublicAchievementView } from '../../../public/public-catalogue.service';
import { Pager, FilterForm } from '../../shared/catalogue-filters.components';
import type { CatalogueFilters, FilterOptions } from '../../shared/catalogue.view-model';
import {
  NoResultsHint,
  ResultCount,
  highlight,
  highlightedSnippet,
  searchTerms,
} from './public-results.components';

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
