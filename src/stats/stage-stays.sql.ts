import { durationMsSql, shanghaiMonthSql, type Dialect } from '../database/dialect';

/**
 * The statistics' read model of stays (tables made by Migration20261126050000StageStays and
 * Migration20261126090000StageCounts, which each keep a frozen copy of the statements they ran):
 * one row per state an achievement entered through a state change, from the audit row that entered
 * it to the next state change. Written from the audit trail by this one statement, so the runner
 * listener (StageStaysService, one item at a time, in the transition's transaction), a rebuild and
 * the bench's seeding produce the same rows. Double-quoted names work on both databases. The item's
 * city, collecting body, domain, category and batch are copied as they are at its last state change
 * (or review decision).
 *
 * `metric` is the funnel stage the entering event counts for (src/stats: SUBMIT, the RECOMMEND that
 * reaches the province, PASS_ELIGIBILITY, the close of scoring, either verification outcome,
 * PUBLISH). `metric_prev_at` is when the item last entered the same metric before, and
 * `library_prev_at` the same for CONFIRM_VERIFICATION (in library): an item counts once per period,
 * on its stay whose previous entry lies before the period, so the funnel needs no
 * `count(distinct)`.
 */
const METRIC_CASE = `case
      when e."event_type" = 'SUBMIT' then 'submitted'
      when e."event_type" = 'RECOMMEND' then
        case when e."to_state" = 'submitted' then 'recommended' end
      when e."event_type" = 'PASS_ELIGIBILITY' then 'eligible'
      when e."event_type" in ('CONFIRM_VERIFICATION', 'FAIL_VERIFICATION') then 'verified'
      when e."event_type" = 'PUBLISH' then 'published'
      when e."from_state" = 'expertScoring' and e."to_state" in ('consensus', 'onSiteVerification', 'rejected') then 'scored'
    end`;

const STAGE_STAY_COLUMNS = [
  'instance_id',
  'seq',
  'state',
  'from_state',
  'entered_event',
  'metric',
  'entered_at',
  'left_at',
  'duration_ms',
  'metric_prev_at',
  'library_prev_at',
  'city',
  'body_id',
  'domain_key',
  'category',
  'batch_key',
] as const;

/**
 * Inserts the stays of every achievement, or with `oneItem` of the item bound to the single
 * parameter, computed from its audit rows.
 */
export function insertStageStaysSql(dialect: Dialect, oneItem: boolean): string {
  return `insert into "stage_stay" (${STAGE_STAY_COLUMNS.map((c) => `"${c}"`).join(', ')})
  select c."instance_id", c."seq", c."to_state", c."from_state", c."event_type", c."metric", c."at", c."left_at",
    ${durationMsSql(dialect, 'c."at"', 'c."left_at"')},
    case when c."metric" is not null then lag(c."at") over (partition by c."instance_id", c."metric" order by c."seq") end,
    case when c."event_type" = 'CONFIRM_VERIFICATION' then lag(c."at") over (partition by c."instance_id", c."event_type" order by c."seq") end,
    o."city", a."recommender_organization_id", a."domain_key", a."category", w."batch_key"
  from (
    select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at",
      lead(e."at") over (partition by e."instance_id" order by e."seq") as "left_at",
      ${METRIC_CASE} as "metric"
    from "audit_event" e
    where e."from_state" is not null and e."from_state" <> e."to_state"${oneItem ? ' and e."instance_id" = ?' : ''}
  ) c
  join "achievement" a on a."id" = c."instance_id"
  join "organization" o on o."id" = a."owner_organization_id"
  join "workflow_instance" w on w."id" = a."workflow_id"`;
}

/** The whole table again from the audit trail (a rebuild, the bench's copied rows). */
export function backfillStageStaysSql(dialect: Dialect): string[] {
  return ['delete from "stage_stay"', insertStageStaysSql(dialect, false)];
}

/**
 * A table of counts over the stays, by the key columns: rebuilt whole by `select` over every
 * stay, and moved by the runner listener by the difference of the same `select` over the item's
 * stays (itemAggregatesSql) before and after it rewrites them, so both paths count by one
 * statement. `n` is the number of stays (or entries) with the key; no row has n = 0.
 */
export interface StayAggregate {
  table: string;
  key: readonly string[];
  /**
   * The counts, grouped by the key, over the stays in `source` (aliased `s`); with `untilSeq`,
   * audit rows are read up to the seq bound to a `?` after the item's id (see itemAggregatesSql).
   */
  select(dialect: Dialect, source: string, untilSeq?: boolean): string;
}

/**
 * Funnel entries by month, stage, the given dimensions and the month of the previous entry of
 * the stage ('' for none, which sorts before every month). A period of whole months counts an
 * item once per stage on its entry whose previous entry lies in an earlier month than the
 * period's first, so every funnel figure is a sum over these rows. A CONFIRM_VERIFICATION stay
 * counts for `verified` and, by its own previous entry, for `inLibrary`.
 */
function entryCounts(table: string, dims: readonly string[]): StayAggregate {
  const key = ['month', 'metric', ...dims, 'prev_month'];
  const own = dims.map((d) => `s."${d}"`).join(', ');
  return {
    table,
    key,
    select(dialect, source) {
      const month = (column: string) => shanghaiMonthSql(dialect, column);
      return `select ${key.map((k) => `c."${k}"`).join(', ')}, count(*) as "n"
  from (
    select ${month('s."entered_at"')} as "month", s."metric", ${own},
      coalesce(${month('s."metric_prev_at"')}, '') as "prev_month"
    from ${source} s where s."metric" is not null
    union all
    select ${month('s."entered_at"')}, 'inLibrary', ${own}, coalesce(${month('s."library_prev_at"')}, '')
    from ${source} s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by ${key.map((k) => `c."${k}"`).join(', ')}`;
    },
  };
}

/** stage_count: entries by city, collecting body, domain and category (see entryCounts). */
export const STAGE_COUNTS = entryCounts('stage_count', [
  'city',
  'body_id',
  'domain_key',
  'category',
]);

/**
 * stage_count_body: the same by city and body only, what the unfiltered dashboard, trend, target
 * and ranking read: with the province's domains and categories spread over its items this is
 * tens of times fewer rows than stage_count.
 */
export const STAGE_BODY_COUNTS = entryCounts('stage_count_body', ['city', 'body_id']);

/** stage_count_field: the same by domain and category only, for those without a city filter. */
export const STAGE_FIELD_COUNTS = entryCounts('stage_count_field', ['domain_key', 'category']);

/**
 * stage_duration: ended stays per state, Shanghai month of leaving, city, domain, category (the
 * process report's filters) and exact duration, so time in stage finds each percentile's rows by
 * running sums over a period's distinct durations instead of stepping through every stay.
 */
export const STAGE_DURATIONS: StayAggregate = {
  table: 'stage_duration',
  key: ['state', 'month', 'city', 'domain_key', 'category', 'duration_ms'],
  select(dialect, source) {
    const month = shanghaiMonthSql(dialect, 's."left_at"');
    const dims = 's."city", s."domain_key", s."category"';
    return `select s."state", ${month} as "month", ${dims}, s."duration_ms", count(*) as "n"
  from ${source} s where s."left_at" is not null
  group by s."state", ${month}, ${dims}, s."duration_ms"`;
  },
};

/** The review decisions at which an item can be returned for amendment (the return rate). */
export const DECISION_EVENTS = [
  'RECOMMEND',
  'DECLINE',
  'RETURN_FOR_AMENDMENT',
  'PASS_ELIGIBILITY',
  'REJECT',
] as const;

/**
 * stage_decision: review decisions per Shanghai month, event, city, domain and category, from the
 * audit rows (a county's RECOMMEND keeps the item in recommendation and is no stay) with the
 * item's dimensions as its stays carry them, so an item's rows move with its stays. Every item
 * with a decision has a stay: its SUBMIT.
 */
export const STAGE_DECISIONS: StayAggregate = {
  table: 'stage_decision',
  key: ['month', 'event_type', 'city', 'domain_key', 'category'],
  select(dialect, source, untilSeq) {
    const month = shanghaiMonthSql(dialect, 'e."at"');
    return `select ${month} as "month", e."event_type", d."city", d."domain_key", d."category", count(*) as "n"
  from (select distinct s."instance_id", s."city", s."domain_key", s."category" from ${source} s) d
  join "audit_event" e on e."instance_id" = d."instance_id"
  where e."event_type" in (${DECISION_EVENTS.map((e) => `'${e}'`).join(', ')})${untilSeq ? ' and e."seq" <= ?' : ''}
  group by ${month}, e."event_type", d."city", d."domain_key", d."category"`;
  },
};

export const STAY_AGGREGATES: readonly StayAggregate[] = [
  STAGE_COUNTS,
  STAGE_BODY_COUNTS,
  STAGE_FIELD_COUNTS,
  STAGE_DURATIONS,
  STAGE_DECISIONS,
];
const KEY_WIDTH = Math.max(...STAY_AGGREGATES.map((a) => a.key.length));

/**
 * Every aggregate's counts over the stays of the item bound to the first `?` and its audit rows
 * up to the seq bound to the second, in one statement (a statement costs about the same whatever
 * it does, and this runs twice per state change): rows of (`aggregate` index, keys as text
 * `k0`…, `n`), unused keys ''. Before a transition's rewrite the seq is the one before its audit
 * row, so the row counts in the difference.
 */
export function itemAggregatesSql(dialect: Dialect): string {
  const parts = STAY_AGGREGATES.map((a, i) => {
    const keys = Array.from({ length: KEY_WIDTH }, (_, j) =>
      j < a.key.length ? `cast(x."${a.key[j]}" as text) as "k${j}"` : `'' as "k${j}"`,
    );
    return `select ${i} as "aggregate", ${keys.join(', ')}, x."n" from (${a.select(dialect, '"item_stay"', true)}) x`;
  });
  return `with "item_stay" as (select * from "stage_stay" where "instance_id" = ?)
  ${parts.join('\n  union all\n  ')}`;
}

/** The aggregates again from all the stays (after backfillStageStaysSql). */
export function backfillStayAggregatesSql(dialect: Dialect): string[] {
  return STAY_AGGREGATES.flatMap((a) => [
    `delete from "${a.table}"`,
    `insert into "${a.table}" (${[...a.key, 'n'].map((c) => `"${c}"`).join(', ')}) ${a.select(dialect, '"stage_stay"')}`,
  ]);
}
