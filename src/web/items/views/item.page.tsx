import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AttachmentView } from '../../../attachments/attachment.view';
import type { AuthUser } from '../../../access/auth-user';
import type { TimelineEntry } from '../item.view-model';
import { criterionLabel, eventLabel, formatDateTime, stateLabel } from '../../shared/web-labels';
import { itemNumber } from '../../../achievements/achievement-query';
import { CsrfField, Layout } from '../../shared/layout';
import { ProgressStepper, ReturnedNotice } from './item-progress.components';
import { AttachmentsSection, Evidence } from './item-record.components';
import { ExpertScoring } from '../../scoring/views/scoring.components';
import { type ExpertScoringData } from '../../scoring/scoring.view-model';
import { StateBadge } from '../../shared/state-badge.components';
import { Actions } from './item-actions.components';

export interface ItemPageProps {
  user: AuthUser;
  csrf: string;
  item: AchievementView;
  attachments: AttachmentView[];
  timeline: TimelineEntry[];
  path: string[];
  /** When the current step is due, if it has a deadline. */
  due: { at: string; what: string } | null;
  /** The latest return for amendment, while the item is returned: the reason the unit must act on. */
  returned: { reason: string; at: string; by: string } | null;
  /** Organisation names for the reporting chain. */
  orgNames: Map<string, string>;
  /** Names of experts whose sheets the viewer may see. */
  userNames: Map<string, string>;
  /** The owner may still edit the record and its files (SUBMIT or RESUBMIT is open to them). */
  editable: boolean;
  /** The viewer is a submitter of the owning unit. */
  owner: boolean;
  /** Pages about this item elsewhere in the console (its visit, its library entry). */
  links: { href: string; label: string }[];
  /** For an expert: the rubric, their draft and their seats (scoring/views/scoring.page.tsx). */
  expert?: ExpertScoringData;
}

const yesNo = (v: boolean) => (v ? '是' : '否');

function Scores(props: { item: AchievementView; userNames: Map<string, string> }): JSX.Element {
  const s = props.item.scoring;
  if (!s.scores.length && s.aggregate === null) return '';
  return (
    <section>
      <h2>评分</h2>
      <p>
        已收到 {s.submitted}/{s.policy.quorum} 份评分表;通过线 {s.policy.threshold} 分
        {s.aggregate !== null ? `;综合得分 ${s.aggregate}` : ''}
      </p>
      {s.scores.length ? (
        <table>
          <thead>
            <tr>
              <th>专家</th>
              {Object.keys(s.policy.weights).map((k) => (
                <th>{e(criterionLabel(k))}</th>
              ))}
              <th>加权分</th>
              <th>评审意见</th>
              <th>时间</th>
            </tr>
          </thead>
          <tbody>
            {s.scores.map((sheet) => (
              <tr>
                <td>{e(props.userNames.get(sheet.expertId) ?? sheet.expertId)}</td>
                {Object.keys(s.policy.weights).map((k) => (
                  <td>
                    {e(sheet.criteria[k] ?? '—')}
                    {sheet.criterionComments?.[k] ? (
                      <div class="muted">{e(sheet.criterionComments[k])}</div>
                    ) : (
                      ''
                    )}
                  </td>
                ))}
                <td>{e(sheet.weighted)}</td>
                <td>{e(sheet.comment ?? '')}</td>
                <td>{e(formatDateTime(sheet.at))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
    </section>
  );
}

/** Everything about one item: the record, its files, where it stands, what the viewer may do, and how it got here. */
export function ItemPage(props: ItemPageProps): JSX.Element {
  const { item } = props;
  const chain = item.recommendation.chain.map((id, i) => {
    const name = props.orgNames.get(id) ?? id;
    return i === item.recommendation.level && item.state === 'recommendation'
      ? `${name}(当前)`
      : name;
  });
  return (
    <Layout
      title={item.title}
      user={props.user}
      csrf={props.csrf}
      crumbs={[{ label: '成果列表', href: '/items' }, { label: item.title }]}
    >
      <h1>
        {e(item.title)} <StateBadge state={item.state} />
      </h1>
      {props.links.length ? (
        <p class="item-links">
          {props.links.map((l) => (
            <>
              <a class="button" href={l.href}>
                {e(l.label)}
              </a>{' '}
            </>
          ))}
        </p>
      ) : (
        ''
      )}
      <ProgressStepper item={item} path={props.path} due={props.due} />
      {props.returned ? <ReturnedNotice item={item} returned={props.returned} /> : ''}
      <p class="item-tools">
        {props.editable ? (
          <a class="button" href={`/items/${item.id}/edit`}>
            修改成果信息
          </a>
        ) : (
          ''
        )}{' '}
        <a class="button" href={`/items/${item.id}/print`} id="print-link" target="_blank">
          打印申报书
        </a>
      </p>
      {item.state === 'withdrawn' && props.owner ? (
        <form class="copy-draft" method="post" action={`/items/${item.id}/copy`}>
          <CsrfField token={props.csrf} />
          <p class="notice">
            本成果已撤回,申报已终止。如需重新申报,可把全部信息和附件复制为一份新草稿,修改后再提交。
            <button type="submit" class="primary" id="copy-draft">
              复制为新草稿
            </button>
          </p>
        </form>
      ) : (
        ''
      )}
      <div class="columns">
        <div>
          <section>
            <h2>成果信息</h2>
            <dl class="record">
              <dt>编号</dt>
              <dd class="item-number">{e(itemNumber(item.id))}</dd>
              <dt>成果类别</dt>
              <dd>{e(item.categoryLabel)}</dd>
              <dt>战略领域</dt>
              <dd>{e(item.domain.name)}</dd>
              <dt>水平自评</dt>
              <dd>{e(item.levelClaimLabel)}</dd>
              <dt>打破国外垄断</dt>
              <dd>{yesNo(item.breaksMonopoly)}</dd>
              <dt>填补国内空白</dt>
              <dd>{yesNo(item.fillsGap)}</dd>
              <dt>申报单位</dt>
              <dd>
                {e(item.ownerOrganization.name)}({e(item.city)})
              </dd>
              <dt>推荐链</dt>
              <dd>{e(chain.join(' → '))}</dd>
              <dt>征集批次</dt>
              <dd>{e(item.period ?? '—')}</dd>
              <dt>创建时间</dt>
              <dd>{e(formatDateTime(item.createdAt))}</dd>
              <dt>最近修改</dt>
              <dd>{e(formatDateTime(item.updatedAt))}</dd>
              <dt>版本</dt>
              <dd>{e(item.version)}</dd>
            </dl>
            <h3>成果简介</h3>
            <p class="prose">{e(item.summary)}</p>
            <h3>完成单位</h3>
            <ul>
              {item.completingUnits.map((u) => (
                <li>{e(u.name)}</li>
              ))}
            </ul>
            <h3>完成人</h3>
            <ul>
              {item.completers.map((c) => (
                <li>
                  {e(c.name)}({e(c.unit)}
                  {c.title ? `,${e(c.title)}` : ''})
                </li>
              ))}
            </ul>
            <h3>知识产权</h3>
            <dl>
              <dt>权属人</dt>
              <dd>{e(item.ip.owner)}</dd>
              <dt>专利</dt>
              <dd>{e(item.ip.patents.length ? item.ip.patents.join('、') : '—')}</dd>
              <dt>权属无争议声明</dt>
              <dd>{yesNo(item.ip.noDispute)}</dd>
            </dl>
            <h3>类别证明材料({e(item.categoryLabel)})</h3>
            <Evidence item={item} />
            {item.dispute ? (
              <p class="notice">
                争议:{e(item.dispute.reason)}({e(formatDateTime(item.dispute.at))})
              </p>
            ) : (
              ''
            )}
            {item.outcome ? (
              <p class="notice">
                结果:{e(eventLabel(item.outcome.event))} — {e(item.outcome.reason)}
              </p>
            ) : (
              ''
            )}
          </section>
          <AttachmentsSection
            item={item}
            attachments={props.attachments}
            editable={props.editable}
            csrf={props.csrf}
          />
          <Scores item={item} userNames={props.userNames} />
        </div>
        <div>
          <section id="workflow-actions">
            <h2>可执行的操作</h2>
            <div id="action-result" aria-live="polite"></div>
            <Actions item={item} csrf={props.csrf} />
            <ExpertScoring item={item} csrf={props.csrf} expert={props.expert} />
          </section>
        </div>
      </div>
      <p class="path" id="path-taken">
        走过的路径:{e(props.path.map((s) => stateLabel(s)).join(' → '))}
      </p>
      <section>
        <h2>流转记录</h2>
        <table class="timeline" id="timeline">
          <thead>
            <tr>
              <th>#</th>
              <th>时间</th>
              <th>操作人</th>
              <th>角色</th>
              <th>操作</th>
              <th>状态变化</th>
              <th>意见</th>
            </tr>
          </thead>
          <tbody>
            {props.timeline.map((t) => (
              <tr>
                <td>{e(t.seq)}</td>
                <td>{e(formatDateTime(t.at))}</td>
                <td>{e(t.actor)}</td>
                <td>{e(t.role)}</td>
                <td>{e(t.event)}</td>
                <td>{e(t.from ? `${t.from} → ${t.to}` : t.to)}</td>
                <td>{e(t.comment ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  );
}
