import type { AchievementSummaryView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import { Layout } from '../../shared/layout';
import type { CatalogueFilters, FilterOptions } from '../../shared/catalogue.view-model';
import { FilterForm, Pager } from '../../shared/catalogue-filters.components';
import { ItemsTable } from './items-table.components';

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
