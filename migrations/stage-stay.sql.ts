/**
 * The statistics' read model of stays (see Migration20261126050000StageStays): one row per state
 * an achievement entered through a state change, from the audit row that entered it to the next
 * state change. Written from the audit trail by this one statement, so the migration's backfill,
 * the runner listener (StageStaysService, one item at a time, in the transition's transaction)
 * and the bench's seeding produce the same rows. Double-quoted names work on both databases.
 *
 * `metric` is the funnel stage the entering event counts for (src/stats: SUBMIT, the RECOMMEND
 * that reaches the province, PASS_ELIGIBILITY, the close of scoring, either verification
 * outcome, PUBLISH). `metric_prev_at` is when the item last entered the same metric before, and
 * `library_prev_at` the same for CONFIRM_VERIFICATION (in library): an item counts once per
 * period, on its stay whose previous entry lies before the period, so the funnel needs no
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

export const STAGE_STAY_COLUMNS = [
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
] as const;

/**
 * Inserts the stays of every achievement, or with `oneItem` of the item bound to the single
 * parameter, computed from its audit rows.
 */
export function insertStageStaysSql(pg: boolean, oneItem: boolean): string {
  const duration = pg
    ? `round(extract(epoch from (c."left_at" - c."at")) * 1000)`
    : `c."left_at" - c."at"`;
  return `insert into "stage_stay" (${STAGE_STAY_COLUMNS.map((c) => `"${c}"`).join(', ')})
  select c."instance_id", c."seq", c."to_state", c."from_state", c."event_type", c."metric", c."at", c."left_at",
    ${duration},
    case when c."metric" is not null then lag(c."at") over (partition by c."instance_id", c."metric" order by c."seq") end,
    case when c."event_type" = 'CONFIRM_VERIFICATION' then lag(c."at") over (partition by c."instance_id", c."event_type" order by c."seq") end,
    o."city", a."recommender_organization_id"
  from (
    select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at",
      lead(e."at") over (partition by e."instance_id" order by e."seq") as "left_at",
      ${METRIC_CASE} as "metric"
    from "audit_event" e
    where e."from_state" is not null and e."from_state" <> e."to_state"${oneItem ? ' and e."instance_id" = ?' : ''}
  ) c
  join "achievement" a on a."id" = c."instance_id"
  join "organization" o on o."id" = a."owner_organization_id"`;
}

/** The whole table again from the audit trail (the migration, the bench's copied rows). */
export function backfillStageStaysSql(pg: boolean): string[] {
  return ['delete from "stage_stay"', insertStageStaysSql(pg, false)];
}

export function createStageStaysSql(pg: boolean): string[] {
  const columns = pg
    ? `"instance_id" uuid not null, "seq" int not null, "state" varchar(64) not null, "from_state" varchar(64) not null,
       "entered_event" varchar(64) not null, "metric" varchar(32) null, "entered_at" timestamptz not null,
       "left_at" timestamptz null, "duration_ms" bigint null, "metric_prev_at" timestamptz null,
       "library_prev_at" timestamptz null, "city" varchar(255) not null, "body_id" uuid not null`
    : `"instance_id" text not null, "seq" integer not null, "state" text not null, "from_state" text not null,
       "entered_event" text not null, "metric" text null, "entered_at" datetime not null,
       "left_at" datetime null, "duration_ms" integer null, "metric_prev_at" datetime null,
       "library_prev_at" datetime null, "city" text not null, "body_id" text not null`;
  return [
    `create table "stage_stay" (${columns}, constraint "stage_stay_pkey" primary key ("instance_id", "seq"), constraint "stage_stay_instance_id_foreign" foreign key ("instance_id") references "achievement" ("id") on update cascade on delete cascade)`,
    // The funnel and trend: entries of a period, with every column they read.
    `create index "stage_stay_entered_index" on "stage_stay" ("entered_at", "metric", "metric_prev_at", "library_prev_at", "entered_event", "city", "body_id", "instance_id") where "metric" is not null`,
    // Time in stage: a state's ended stays in duration order, so a percentile is an offset.
    `create index "stage_stay_duration_index" on "stage_stay" ("state", "duration_ms", "left_at", "city", "instance_id") where "left_at" is not null`,
  ];
}
