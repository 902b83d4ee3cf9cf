import { escapeHtml as e } from '@kitajs/html';
import type { AuthUser } from '../../../access/auth-user';
import type { TaskGroup, TaskList } from '../tasks.view-model';
import { WORKLIST_PAGE_SIZE } from '../tasks.view-model';
import { formatDateTime, formatDeadline } from '../../shared/web-labels';
import { StateBadge } from '../../shared/state-badge.components';
import { CsrfField, Layout } from '../../shared/layout';

export function TasksPage(props: {
  user: AuthUser;
  csrf: string;
  tasks: TaskList;
  sort: 'deadline' | 'updated';
}): JSX.Element {
  const { tasks } = props;
  return (
    <Layout title="我的待办" user={props.user} csrf={props.csrf}>
      <h1>
        我的待办{' '}
        <span class="count" id="task-total">
          {tasks.total}
        </span>
        {tasks.overdue ? <span class="overdue-count">{tasks.overdue} 项已逾期</span> : ''}
      </h1>
      <p class="sort">
        排序:
        {props.sort === 'deadline' ? (
          <strong>按截止时间</strong>
        ) : (
          <a href="/tasks?sort=deadline">按截止时间</a>
        )}
        {' · '}
        {props.sort === 'updated' ? (
          <strong>按最近更新</strong>
        ) : (
          <a href="/tasks?sort=updated">按最近更新</a>
        )}
      </p>
      {tasks.myBody ? (
        <section class="card" id="my-body">
          <h2>本单位 {e(tasks.period)} 批次报送情况</h2>
          <p>
            状态:<strong>{e(tasks.myBody.statusLabel)}</strong>
            {tasks.myBody.reported ? `(已报送 ${tasks.myBody.reported} 项)` : ''}
          </p>
          {tasks.myBody.status === 'pending' ? (
            <form method="post" action={`/collection/${tasks.period}/nil-report`}>
              <CsrfField token={props.csrf} />
              <label>
                说明(选填)
                <input type="text" name="comment" maxlength="500" />
              </label>
              <button type="submit">本月无成果可报,提交零报告</button>
            </form>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {tasks.collection ? (
        <section class="card" id="collection-summary">
          <h2>{e(tasks.period)} 批次征集情况</h2>
          <p>
            截止:{e(formatDeadline(tasks.collection.closesAt))};已报送{' '}
            {tasks.collection.totals.reported} 家,零报告 {tasks.collection.totals.nil} 家,未报送{' '}
            {tasks.collection.totals.pending} 家。{' '}
            <a href={`/collection?period=${tasks.period}`}>查看详情</a>
          </p>
        </section>
      ) : (
        ''
      )}
      {tasks.editions.length ? (
        <section class="card" id="editions-to-curate">
          <h2>
            待编排刊期 <span class="count">{String(tasks.editions.length)}</span>
          </h2>
          <ul>
            {tasks.editions.map((ed) => (
              <li>
                <a href={`/editions/${ed.id}`}>
                  {e(ed.number)}
                  {e(ed.kindLabel)}
                </a>{' '}
                <span class="badge">{e(ed.stateLabel)}</span>{' '}
                {ed.state === 'draft' ? '编排成果并提交审核' : '审核后签发'}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {tasks.groups.map((group) => (
        <section class="task-group" id={`tasks-${group.key}`}>
          <h2>
            {e(group.title)} <span class="count">{group.total}</span>
            {group.key === 'recommend' ? <a href="/recommend">批量推荐或退回</a> : ''}
          </h2>
          {group.items.length ? (
            <table class="worklist">
              <thead>
                <tr>
                  <th>成果</th>
                  <th>单位</th>
                  <th>状态</th>
                  <th>待办事项</th>
                  <th>截止时间</th>
                  <th>最近更新</th>
                </tr>
              </thead>
              <tbody>
                {group.items.map((t) => (
                  <tr class={t.overdue ? 'overdue' : undefined}>
                    <td data-label="成果">
                      <a href={`/items/${t.item.id}`}>{e(t.item.title)}</a>
                      {t.note ? <small class="warn"> {e(t.note)}</small> : ''}
                      {t.link ? (
                        <>
                          {' '}
                          <a class="task-link" href={t.link}>
                            {t.link.startsWith('/review') ? '评审分配审核' : '现场核查'}
                          </a>
                        </>
                      ) : (
                        ''
                      )}
                    </td>
                    <td data-label="单位">{e(t.item.ownerOrganization.name)}</td>
                    <td data-label="状态">
                      <StateBadge state={t.item.state} />
                    </td>
                    <td data-label="待办事项">{e(t.action)}</td>
                    <td data-label="截止时间">
                      {e(formatDeadline(t.deadline))}
                      {t.overdue ? <span class="overdue-mark">已逾期</span> : ''}
                    </td>
                    <td data-label="最近更新">{e(formatDateTime(t.item.updatedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">暂无</p>
          )}
          <GroupPager group={group} sort={props.sort} />
        </section>
      ))}
      {tasks.visits.length ? (
        <section class="task-group" id="tasks-visits">
          <h2>
            待我现场核查 <span class="count">{tasks.visits.length}</span>
          </h2>
          <table>
            <thead>
              <tr>
                <th>成果</th>
                <th>核查日期</th>
                <th>核查地点</th>
                <th>待办事项</th>
              </tr>
            </thead>
            <tbody>
              {tasks.visits.map((v) => (
                <tr class={v.overdue ? 'overdue' : undefined}>
                  <td>
                    <a href={`/verification/${v.achievementId}`}>{e(v.title)}</a>
                  </td>
                  <td>
                    {e(v.visitDate ?? '尚未安排')}
                    {v.overdue ? <span class="overdue-mark">已逾期</span> : ''}
                  </td>
                  <td>{e(v.place ?? '—')}</td>
                  <td>{v.visitDate ? '上传现场照片并记录核查结果' : '等待省办安排核查'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        ''
      )}
      {tasks.groups.length === 0 && !tasks.visits.length ? (
        <p class="muted">您的角色没有待办事项。</p>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** Which rows of the group are shown, and links to the pages before and after. */
function GroupPager(props: { group: TaskGroup; sort: 'deadline' | 'updated' }): JSX.Element {
  const { group } = props;
  if (group.pages <= 1) return <></>;
  const first = (group.page - 1) * WORKLIST_PAGE_SIZE + 1;
  const last = first + group.items.length - 1;
  const href = (page: number) =>
    `/tasks?sort=${props.sort}&group=${encodeURIComponent(group.key)}&page=${page}#tasks-${group.key}`;
  return (
    <nav class="pager" aria-label={`${e(group.title)}分页`}>
      <span class="muted">
        第 {first}–{last} 项,共 {group.total} 项(第 {group.page}/{group.pages} 页)
      </span>
      {group.page > 1 ? (
        <a class="prev" href={href(group.page - 1)}>
          上一页
        </a>
      ) : (
        ''
      )}
      {group.page < group.pages ? (
        <a class="next" href={href(group.page + 1)}>
          下一页
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
