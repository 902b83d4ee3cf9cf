import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AttachmentView } from '../../../attachments/attachment.view';
import { ATTACHMENT_KINDS } from '../../../attachments/attachment.entity';
import { ATTACHMENT_KIND_LABELS, formatDateTime, formatSize } from '../../shared/web-labels';
import { CsrfField } from '../../shared/layout';

/** The item's category evidence and its files: the parts of the record a unit fills in and uploads. */
/**
 * A field of the evidence, or 「未填写」: a record whose category changed, or one stored before a
 * field was required, may lack it, and the page must still open.
 */
function field(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number')
    return value === '' ? '未填写' : e(value);
  return '未填写';
}

export function Evidence(props: { item: AchievementView }): JSX.Element {
  const ev = props.item.evidence as unknown as Record<string, unknown>;
  switch (props.item.category) {
    case 'basicResearch': {
      const papers = (ev.papers ?? []) as {
        journal: string;
        year: number;
        doi: string;
        title?: string;
      }[];
      return (
        <table>
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
                <td>{field(p.journal)}</td>
                <td>{field(p.year)}</td>
                <td>{field(p.doi)}</td>
                <td>{p.title ? e(p.title) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'techBreakthrough':
      return (
        <dl>
          <dt>替代的进口产品或"卡脖子"环节</dt>
          <dd>{field(ev.replaces)}</dd>
          <dt>产业化情况</dt>
          <dd>{field(ev.industrialization)}</dd>
        </dl>
      );
    case 'majorApplication':
      return (
        <dl>
          <dt>应用的国家重大工程或设施</dt>
          <dd>{field(ev.project)}</dd>
          <dt>应用情况</dt>
          <dd>{field(ev.usage)}</dd>
        </dl>
      );
  }
}

export function AttachmentsSection(props: {
  item: AchievementView;
  attachments: AttachmentView[];
  editable: boolean;
  csrf: string;
  message?: string;
  /** After an htmx change: the item's new version, swapped into the action form out of band. */
  version?: number;
}): JSX.Element {
  const id = props.item.id;
  return (
    <>
      {props.version !== undefined ? (
        <input
          type="hidden"
          name="expectedVersion"
          id="action-version"
          value={String(props.version)}
          hx-swap-oob="true"
        />
      ) : (
        ''
      )}
      <section id="attachments">
        <h2>附件({props.attachments.length})</h2>
        {props.message ? (
          <p class="notice" role="status">
            {e(props.message)}
          </p>
        ) : (
          ''
        )}
        {props.attachments.length ? (
          <ul class="files">
            {props.attachments.map((a) => (
              <li>
                <a href={`/items/${id}/attachments/${a.id}`} download="">
                  {e(a.fileName)}
                </a>{' '}
                <small>
                  {e(ATTACHMENT_KIND_LABELS[a.kind])} · {e(formatSize(a.size))} ·{' '}
                  {e(formatDateTime(a.uploadedAt))}
                </small>
                {props.editable ? (
                  <form
                    class="inline remove-attachment"
                    method="post"
                    action={`/items/${id}/attachments/${a.id}/delete`}
                    hx-post={`/items/${id}/attachments/${a.id}/delete`}
                    hx-target="#attachments"
                    hx-swap="outerHTML"
                  >
                    <CsrfField token={props.csrf} />
                    <button
                      type="submit"
                      class="link danger-link"
                      data-confirm={`确定删除附件「${a.fileName}」吗?`}
                    >
                      删除
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">暂无附件</p>
        )}
        {props.editable ? (
          <form
            class="upload"
            method="post"
            action={`/items/${id}/attachments`}
            enctype="multipart/form-data"
            hx-post={`/items/${id}/attachments`}
            hx-encoding="multipart/form-data"
            hx-target="#attachments"
            hx-swap="outerHTML"
          >
            <CsrfField token={props.csrf} />
            <label>
              类型
              <select name="kind">
                {ATTACHMENT_KINDS.map((k) => (
                  <option value={k}>{e(ATTACHMENT_KIND_LABELS[k])}</option>
                ))}
              </select>
            </label>
            <input type="file" name="file" required accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" />
            <button type="submit">上传附件</button>
            <small>接受 PDF、Word(DOCX)、Excel(XLSX)、JPEG、PNG。</small>
          </form>
        ) : (
          ''
        )}
      </section>
    </>
  );
}
