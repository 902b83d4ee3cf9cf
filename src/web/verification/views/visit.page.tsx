import { escapeHtml as e } from '@kitajs/html';
import type { AchievementView } from '../../../achievements/achievement.view';
import type { AuthUser } from '../../../access/auth-user';
import type { FieldErrors } from '../../../common/domain-errors';
import type { VerificationView } from '../../../verification/verification.service';
import {
  CONCLUSION_LABELS,
  TEAM_KIND_LABELS,
  formatDate,
  formatDateTime,
  formatSize,
} from '../../shared/web-labels';
import { Actions } from '../../items/views/item-actions.components';
import { StateBadge } from '../../shared/state-badge.components';
import { Errors } from '../../shared/field-errors.components';
import { CsrfField, Layout } from '../../shared/layout';

export interface TeamCandidate {
  id: string;
  name: string;
  organization: string;
  kind: 'staff' | 'expert';
}

/** What the visit page's forms held when they came back with errors. */
export interface VisitFormValues {
  members?: string[];
  date?: string;
  place?: string;
  checklist?: { item: string; passed: boolean; note: string }[];
  narrative?: string;
  conclusion?: string;
}

export interface VisitPageProps {
  user: AuthUser;
  csrf: string;
  achievementId: string;
  title: string;
  /** The item as the office sees it (for its state and the decision); null for team experts. */
  item: AchievementView | null;
  visit: VerificationView | null;
  /** Office: people who may be put on the team. */
  candidates: TeamCandidate[];
  office: boolean;
  onTeam: boolean;
  errors: FieldErrors;
  values: VisitFormValues;
  message?: string;
}

/** Rows offered on the findings form; empty ones at the end are dropped. */
const CHECKLIST_ROWS = 4;

function TeamForm(props: VisitPageProps): JSX.Element {
  const chosen = new Set(props.values.members ?? props.visit?.team.map((m) => m.userId) ?? []);
  const submitted = props.values.members ?? [];
  const errorOf = (id: string) => {
    const i = submitted.indexOf(id);
    return i >= 0 ? <Errors errors={props.errors} name={`members.${i}`} /> : '';
  };
  return (
    <form method="post" action={`/verification/${props.achievementId}/team`} id="team-form">
      <CsrfField token={props.csrf} />
      <p class="muted">
        选择核查组成员(省办工作人员和专家库中的专家,至少 2 人,其中至少 1
        名专家),与成果有利益冲突的专家须回避。
      </p>
      <Errors errors={props.errors} name="members" />
      {submitted.map((id, i) =>
        props.candidates.some((c) => c.id === id) ? (
          ''
        ) : (
          <Errors errors={props.errors} name={`members.${i}`} />
        ),
      )}
      <table>
        <thead>
          <tr>
            <th>选择</th>
            <th>姓名</th>
            <th>身份</th>
            <th>单位</th>
          </tr>
        </thead>
        <tbody>
          {props.candidates.map((c) => (
            <tr>
              <td>
                <input
                  type="checkbox"
                  name="members"
                  value={c.id}
                  checked={chosen.has(c.id)}
                  aria-label={c.name}
                />
              </td>
              <td>
                {e(c.name)}
                {errorOf(c.id)}
              </td>
              <td>{e(TEAM_KIND_LABELS[c.kind])}</td>
              <td>{e(c.organization)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" class="primary" id="save-team">
        {props.visit ? '调整核查组' : '组建核查组'}
      </button>
    </form>
  );
}

function ScheduleForm(props: VisitPageProps): JSX.Element {
  const date = props.values.date ?? props.visit?.visitDate ?? '';
  const place = props.values.place ?? props.visit?.place ?? '';
  return (
    <form method="post" action={`/verification/${props.achievementId}/schedule`} id="schedule-form">
      <CsrfField token={props.csrf} />
      <label class="field">
        <span class="label">
          核查日期<em class="req">*</em>
        </span>
        <input
          type="date"
          name="date"
          value={date}
          aria-invalid={props.errors.date ? 'true' : undefined}
        />
        <Errors errors={props.errors} name="date" />
      </label>
      <label class="field">
        <span class="label">
          核查地点<em class="req">*</em>
        </span>
        <input
          type="text"
          name="place"
          value={place}
          maxlength="200"
          aria-invalid={props.errors.place ? 'true' : undefined}
        />
        <Errors errors={props.errors} name="place" />
      </label>
      <button type="submit" class="primary" id="save-schedule">
        {props.visit?.visitDate ? '调整核查安排' : '安排现场核查'}
      </button>
    </form>
  );
}

function PhotoForm(props: VisitPageProps): JSX.Element {
  return (
    <form
      method="post"
      action={`/verification/${props.achievementId}/photos`}
      enctype="multipart/form-data"
      id="photo-form"
    >
      <CsrfField token={props.csrf} />
      <input type="file" name="file" required accept=".jpg,.jpeg,.png" />
      <button type="submit">上传现场照片</button>
      <small>只接受 JPEG、PNG,按文件内容判断。</small>
      <Errors errors={props.errors} name="file" />
    </form>
  );
}

function FindingsForm(props: VisitPageProps): JSX.Element {
  const given = props.values.checklist ?? [];
  const rows = Array.from({ length: Math.max(CHECKLIST_ROWS, given.length + 1) }, (_, i) => ({
    item: given[i]?.item ?? '',
    passed: given[i]?.passed ?? false,
    note: given[i]?.note ?? '',
  }));
  return (
    <form method="post" action={`/verification/${props.achievementId}/findings`} id="findings-form">
      <CsrfField token={props.csrf} />
      <Errors errors={props.errors} name="checklist" />
      <table>
        <thead>
          <tr>
            <th>核查事项</th>
            <th>符合</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr>
              <td>
                <input
                  type="text"
                  name={`checklist.${i}.item`}
                  value={row.item}
                  maxlength="200"
                  aria-invalid={props.errors[`checklist.${i}.item`] ? 'true' : undefined}
                />
                <Errors errors={props.errors} name={`checklist.${i}.item`} />
              </td>
              <td>
                <input
                  type="checkbox"
                  name={`checklist.${i}.passed`}
                  checked={row.passed}
                  aria-label="符合"
                />
              </td>
              <td>
                <input type="text" name={`checklist.${i}.note`} value={row.note} maxlength="2000" />
                <Errors errors={props.errors} name={`checklist.${i}.note`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label class="field">
        <span class="label">
          核查情况<em class="req">*</em>
        </span>
        <textarea
          name="narrative"
          rows="4"
          aria-invalid={props.errors.narrative ? 'true' : undefined}
        >
          {e(props.values.narrative ?? '')}
        </textarea>
        <Errors errors={props.errors} name="narrative" />
      </label>
      <label class="field">
        <span class="label">
          核查结论<em class="req">*</em>
        </span>
        <select name="conclusion" aria-invalid={props.errors.conclusion ? 'true' : undefined}>
          <option value="">请选择</option>
          {Object.entries(CONCLUSION_LABELS).map(([value, label]) => (
            <option value={value} selected={props.values.conclusion === value}>
              {e(label)}
            </option>
          ))}
        </select>
        <Errors errors={props.errors} name="conclusion" />
      </label>
      <button type="submit" class="primary" id="save-findings">
        记录核查结果
      </button>
    </form>
  );
}

function Report(props: { visit: VerificationView }): JSX.Element {
  const report = props.visit.report!;
  return (
    <section id="report">
      <h2>核查报告</h2>
      <p>
        结论:<strong id="conclusion">{e(CONCLUSION_LABELS[report.conclusion ?? ''] ?? '—')}</strong>
        ;记录于 {e(formatDateTime(report.reportedAt))}
      </p>
      <table>
        <thead>
          <tr>
            <th>核查事项</th>
            <th>符合</th>
            <th>说明</th>
          </tr>
        </thead>
        <tbody>
          {(report.checklist ?? []).map((c) => (
            <tr>
              <td>{e(c.item)}</td>
              <td>{c.passed ? '是' : '否'}</td>
              <td>{e(c.note ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="prose">{e(report.narrative ?? '')}</p>
      <p class="muted">报告摘要(SHA-256):{e(report.hash)}</p>
    </section>
  );
}

/**
 * The on-site visit of one item: the office forms the team and schedules the visit, the team adds
 * photos and records its findings, and the office confirms or fails the verification here.
 */
export function VisitPage(props: VisitPageProps): JSX.Element {
  const { visit } = props;
  const open = !visit?.report && (!props.item || props.item.state === 'onSiteVerification');
  return (
    <Layout
      title={`现场核查 · ${props.title}`}
      user={props.user}
      csrf={props.csrf}
      crumbs={[
        ...(props.item ? [{ label: props.title, href: `/items/${props.achievementId}` }] : []),
        { label: '现场核查' },
      ]}
    >
      <h1>
        现场核查:{e(props.title)} {props.item ? <StateBadge state={props.item.state} /> : ''}
      </h1>
      {props.message ? <p class="notice">{e(props.message)}</p> : ''}
      <section id="visit">
        <h2>核查组与安排</h2>
        {visit ? (
          <dl>
            <dt>核查组</dt>
            <dd id="team">
              {e(visit.team.map((m) => `${m.name}(${TEAM_KIND_LABELS[m.kind]})`).join('、'))}
            </dd>
            <dt>核查日期</dt>
            <dd id="visit-date">
              {e(visit.visitDate ? formatDate(`${visit.visitDate}T00:00:00+08:00`) : '尚未安排')}
              {visit.overdue ? <span class="overdue-mark">已逾期,尚未记录核查结果</span> : ''}
            </dd>
            <dt>核查地点</dt>
            <dd id="visit-place">{e(visit.place ?? '—')}</dd>
          </dl>
        ) : (
          <p class="muted" id="no-visit">
            尚未组建核查组。
          </p>
        )}
        {props.office && open ? (
          <>
            <h3>{visit ? '调整核查组' : '组建核查组'}</h3>
            <TeamForm {...props} />
            {visit ? (
              <>
                <h3>核查时间和地点</h3>
                <ScheduleForm {...props} />
              </>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
      </section>
      {visit && (props.office || props.onTeam) ? (
        <section id="photos">
          <h2>
            现场照片 <span class="count">{visit.photos.length}</span>
          </h2>
          {visit.photos.length ? (
            <ul class="files">
              {visit.photos.map((p) => (
                <li>
                  {props.item ? (
                    <a href={`/items/${props.achievementId}/attachments/${p.id}`}>
                      {e(p.fileName)}
                    </a>
                  ) : (
                    e(p.fileName)
                  )}{' '}
                  <small class="muted">{e(formatSize(p.size))}</small>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">暂无照片</p>
          )}
          {props.onTeam && open ? <PhotoForm {...props} /> : ''}
        </section>
      ) : (
        ''
      )}
      {visit?.report ? <Report visit={visit} /> : ''}
      {visit && props.onTeam && open ? (
        <section id="findings">
          <h2>记录核查结果</h2>
          {visit.visitDate ? (
            <FindingsForm {...props} />
          ) : (
            <p class="muted">省办安排核查时间和地点后,核查组可在核查当日及之后记录结果。</p>
          )}
        </section>
      ) : (
        ''
      )}
      {props.item && props.office ? (
        <section id="decision">
          <h2>核查决定</h2>
          <Actions item={props.item} csrf={props.csrf} only={DECISION_EVENTS} />
          <div id="action-result"></div>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export const DECISION_EVENTS = ['CONFIRM_VERIFICATION', 'FAIL_VERIFICATION'];
