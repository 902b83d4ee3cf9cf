import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AttachmentView } from '../../../attachments/attachment.view';
import type { AuthUser } from '../../../access/auth-user';
import {
  ATTACHMENT_KIND_LABELS,
  formatDate,
  formatDateTime,
  formatSize,
  stateLabel,
} from '../../shared/web-labels';
import { StateBadge } from '../../shared/state-badge.components';
import { Layout } from '../../shared/layout';

/** The full state diagram of the item's workflow, drawn on the server, with the item's path. */
export function DiagramPage(props: {
  user: AuthUser;
  csrf: string;
  item: AchievementView;
  path: string[];
  svg: string;
}): JSX.Element {
  const { item } = props;
  return (
    <Layout title={`流程图 · ${item.title}`} user={props.user} csrf={props.csrf}>
      <p class="crumbs">
        <a href="/items">成果列表</a> › <a href={`/items/${item.id}`}>{e(item.title)}</a> ›
      </p>
      <h1>
        流程图 <StateBadge state={item.state} />
      </h1>
      <section class="diagram">
        <p class="muted">
          由状态机生成。争议解决后恢复到暂停前的状态,图中只画出本成果可能或已经返回的那一个。将鼠标移到箭头上可看到对应操作。
        </p>
        <p class="legend">
          <span class="swatch current"></span>当前状态 <span class="swatch visited"></span>
          已经过的状态
        </p>
        <div id="state-diagram" class="state-diagram" data-current={item.state}>
          {props.svg}
        </div>
        <p class="path" id="path-taken">
          走过的路径:{e(props.path.map((s) => stateLabel(s)).join(' → '))}
        </p>
      </section>
    </Layout>
  );
}

const yesNo = (v: boolean) => (v ? '是' : '否');

/**
 * The application as a unit files it on paper: every field of the record, completers, IP,
 * evidence and the list of attachments, on A4, with nothing to click.
 */
export function PrintPage(props: {
  item: AchievementView;
  attachments: AttachmentView[];
  printedAt: Date;
}): JSX.Element {
  const { item } = props;
  const ev = item.evidence as unknown as Record<string, unknown>;
  const papers = (ev.papers ?? []) as {
    journal: string;
    year: number;
    doi: string;
    title?: string;
  }[];
  return (
    <>
      {'<!doctype html>'}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <title>{e(item.title)} · 申报书</title>
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body class="print-view">
          <main class="sheet">
            <p class="screen-only muted">请使用浏览器的“打印”(Ctrl+P)按 A4 纸打印本申报书。</p>
            <h1>浙江省重大科技成果申报书</h1>
            <table class="print-table" id="print-record">
              <tbody>
                <tr>
                  <th>成果名称</th>
                  <td colspan="3">{e(item.title)}</td>
                </tr>
                <tr>
                  <th>成果类别</th>
                  <td>{e(item.categoryLabel)}</td>
                  <th>战略领域</th>
                  <td>{e(item.domain.name)}</td>
                </tr>
                <tr>
                  <th>水平自评</th>
                  <td>{e(item.levelClaimLabel)}</td>
                  <th>当前状态</th>
                  <td>{e(stateLabel(item.state))}</td>
                </tr>
                <tr>
                  <th>打破国外垄断</th>
                  <td>{yesNo(item.breaksMonopoly)}</td>
                  <th>填补国内空白</th>
                  <td>{yesNo(item.fillsGap)}</td>
                </tr>
                <tr>
                  <th>申报单位</th>
                  <td>
                    {e(item.ownerOrganization.name)}({e(item.city)})
                  </td>
                  <th>征集批次</th>
                  <td>{e(item.period ?? '—')}</td>
                </tr>
                <tr>
                  <th>成果简介</th>
                  <td colspan="3" class="prose">
                    {e(item.summary)}
                  </td>
                </tr>
                <tr>
                  <th>完成单位</th>
                  <td colspan="3">{e(item.completingUnits.map((u) => u.name).join('、'))}</td>
                </tr>
              </tbody>
            </table>
            <h2>完成人</h2>
            <table class="print-table" id="print-completers">
              <thead>
                <tr>
                  <th>序号</th>
                  <th>姓名</th>
                  <th>所在单位</th>
                  <th>职称</th>
                </tr>
              </thead>
              <tbody>
                {item.completers.map((c, i) => (
                  <tr>
                    <td>{i + 1}</td>
                    <td>{e(c.name)}</td>
                    <td>{e(c.unit)}</td>
                    <td>{e(c.title ?? '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>知识产权</h2>
            <table class="print-table">
              <tbody>
                <tr>
                  <th>权属人</th>
                  <td>{e(item.ip.owner)}</td>
                </tr>
                <tr>
                  <th>专利</th>
                  <td>{e(item.ip.patents.length ? item.ip.patents.join('、') : '—')}</td>
                </tr>
                <tr>
                  <th>权属无争议声明</th>
                  <td>{item.ip.noDispute ? '本单位确认知识产权权属清晰、无争议' : '未声明'}</td>
                </tr>
              </tbody>
            </table>
            <h2>类别证明材料({e(item.categoryLabel)})</h2>
            {item.category === 'basicResearch' ? (
              <table class="print-table">
                <thead>
                  <tr>
                    <th>期刊</th>
                    <th>年份</th>
                    <th>DOI</th>
                    <th>题目</th>
                  </tr>
                </thead>
                <tbody>
                  {papers.map((p) => (
                    <tr>
                      <td>{e(p.journal)}</td>
                      <td>{e(p.year)}</td>
                      <td>{e(p.doi)}</td>
                      <td>{e(p.title ?? '—')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <table class="print-table">
                <tbody>
                  {item.category === 'techBreakthrough' ? (
                    <>
                      <tr>
                        <th>替代的进口产品或"卡脖子"环节</th>
                        <td class="prose">{e(ev.replaces)}</td>
                      </tr>
                      <tr>
                        <th>产业化情况</th>
                        <td class="prose">{e(ev.industrialization)}</td>
                      </tr>
                    </>
                  ) : (
                    <>
                      <tr>
                        <th>应用的国家重大工程或设施</th>
                        <td class="prose">{e(ev.project)}</td>
                      </tr>
                      <tr>
                        <th>应用情况</th>
                        <td class="prose">{e(ev.usage)}</td>
                      </tr>
                    </>
                  )}
                </tbody>
              </table>
            )}
            <h2>附件清单</h2>
            {props.attachments.length ? (
              <table class="print-table" id="print-attachments">
                <thead>
                  <tr>
                    <th>序号</th>
                    <th>文件名</th>
                    <th>类型</th>
                    <th>大小</th>
                    <th>上传时间</th>
                  </tr>
                </thead>
                <tbody>
                  {props.attachments.map((a, i) => (
                    <tr>
                      <td>{i + 1}</td>
                      <td>{e(a.fileName)}</td>
                      <td>{e(ATTACHMENT_KIND_LABELS[a.kind])}</td>
                      <td>{e(formatSize(a.size))}</td>
                      <td>{e(formatDateTime(a.uploadedAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>无</p>
            )}
            <table class="print-table signatures">
              <tbody>
                <tr>
                  <th>申报单位(盖章)</th>
                  <td></td>
                  <th>日期</th>
                  <td></td>
                </tr>
              </tbody>
            </table>
            <p class="muted">打印时间:{e(formatDate(props.printedAt))}</p>
          </main>
        </body>
      </html>
    </>
  );
}
