import { escapeHtml as e } from '@kitajs/html';
import type { AchievementSummaryView } from '../../../achievements/achievement.view';
import { StateBadge } from '../../shared/state-badge.components';
import { formatDateTime } from '../../shared/web-labels';

export function ItemsTable(props: { items: AchievementSummaryView[] }): JSX.Element {
  if (!props.items.length) return <p class="muted">没有符合条件的成果</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>成果</th>
          <th>类别</th>
          <th>领域</th>
          <th>单位</th>
          <th>城市</th>
          <th>状态</th>
          <th>批次</th>
          <th>最近更新</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((i) => (
          <tr>
            <td>
              <a href={`/items/${i.id}`}>{e(i.title)}</a>
            </td>
            <td>{e(i.categoryLabel)}</td>
            <td>{e(i.domain.name)}</td>
            <td>{e(i.ownerOrganization.name)}</td>
            <td>{e(i.city)}</td>
            <td>
              <StateBadge state={i.state} />
            </td>
            <td>{e(i.period ?? '—')}</td>
            <td>{e(formatDateTime(i.updatedAt))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
