/**
 * What Migration20261126050000StageStays runs up: the stays table and its backfill from the
 * audit trail.
 *
 * Frozen: the statements exactly as this migration ran them on each database, written out once
 * from the live read-model SQL of the time. Never edit it to follow src/stats/stage-stays.sql.ts:
 * a database migrated long ago and one migrated today must have run the same thing.
 */
export const STAGE_STAYS_UP = {
  sqlite: [
    `create table "stage_stay" ("instance_id" text not null, "seq" integer not null, "state" text not null, "from_state" text not null,
       "entered_event" text not null, "metric" text null, "entered_at" datetime not null,
       "left_at" datetime null, "duration_ms" integer null, "metric_prev_at" datetime null,
       "library_prev_at" datetime null, "city" text not null, "body_id" text not null,
       "domain_key" text not null, "category" text not null, "batch_key" text null, constraint "stage_stay_pkey" primary key ("instance_id", "seq"), constraint "stage_stay_instance_id_foreign" foreign key ("instance_id") references "achievement" ("id") on update cascade on delete cascade)`,
    `create index "stage_stay_arrival_index" on "stage_stay" ("batch_key", "body_id", "entered_at") where "metric" = 'recommended'`,
    `delete from "stage_stay"`,
    `insert into "stage_stay" ("instance_id", "seq", "state", "from_state", "entered_event", "metric", "entered_at", "left_at", "duration_ms", "metric_prev_at", "library_prev_at", "city", "body_id", "domain_key", "category", "batch_key")
  select c."instance_id", c."seq", c."to_state", c."from_state", c."event_type", c."metric", c."at", c."left_at",
    c."left_at" - c."at",
    case when c."metric" is not null then lag(c."at") over (partition by c."instance_id", c."metric" order by c."seq") end,
    case when c."event_type" = 'CONFIRM_VERIFICATION' then lag(c."at") over (partition by c."instance_id", c."event_type" order by c."seq") end,
    o."city", a."recommender_organization_id", a."domain_key", a."category", w."batch_key"
  from (
    select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at",
      lead(e."at") over (partition by e."instance_id" order by e."seq") as "left_at",
      case
      when e."event_type" = 'SUBMIT' then 'submitted'
      when e."event_type" = 'RECOMMEND' then
        case when e."to_state" = 'submitted' then 'recommended' end
      when e."event_type" = 'PASS_ELIGIBILITY' then 'eligible'
      when e."event_type" in ('CONFIRM_VERIFICATION', 'FAIL_VERIFICATION') then 'verified'
      when e."event_type" = 'PUBLISH' then 'published'
      when e."from_state" = 'expertScoring' and e."to_state" in ('consensus', 'onSiteVerification', 'rejected') then 'scored'
    end as "metric"
    from "audit_event" e
    where e."from_state" is not null and e."from_state" <> e."to_state"
  ) c
  join "achievement" a on a."id" = c."instance_id"
  join "organization" o on o."id" = a."owner_organization_id"
  join "workflow_instance" w on w."id" = a."workflow_id"`,
  ],
  postgresql: [
    `create table "stage_stay" ("instance_id" uuid not null, "seq" int not null, "state" varchar(64) not null, "from_state" varchar(64) not null,
       "entered_event" varchar(64) not null, "metric" varchar(32) null, "entered_at" timestamptz not null,
       "left_at" timestamptz null, "duration_ms" bigint null, "metric_prev_at" timestamptz null,
       "library_prev_at" timestamptz null, "city" varchar(255) not null, "body_id" uuid not null,
       "domain_key" varchar(64) not null, "category" varchar(64) not null, "batch_key" varchar(32) null, constraint "stage_stay_pkey" primary key ("instance_id", "seq"), constraint "stage_stay_instance_id_foreign" foreign key ("instance_id") references "achievement" ("id") on update cascade on delete cascade)`,
    `create index "stage_stay_arrival_index" on "stage_stay" ("batch_key", "body_id", "entered_at") where "metric" = 'recommended'`,
    `delete from "stage_stay"`,
    `insert into "stage_stay" ("instance_id", "seq", "state", "from_state", "entered_event", "metric", "entered_at", "left_at", "duration_ms", "metric_prev_at", "library_prev_at", "city", "body_id", "domain_key", "category", "batch_key")
  select c."instance_id", c."seq", c."to_state", c."from_state", c."event_type", c."metric", c."at", c."left_at",
    round(extract(epoch from (c."left_at" - c."at")) * 1000),
    case when c."metric" is not null then lag(c."at") over (partition by c."instance_id", c."metric" order by c."seq") end,
    case when c."event_type" = 'CONFIRM_VERIFICATION' then lag(c."at") over (partition by c."instance_id", c."event_type" order by c."seq") end,
    o."city", a."recommender_organization_id", a."domain_key", a."category", w."batch_key"
  from (
    select e."instance_id", e."seq", e."event_type", e."from_state", e."to_state", e."at",
      lead(e."at") over (partition by e."instance_id" order by e."seq") as "left_at",
      case
      when e."event_type" = 'SUBMIT' then 'submitted'
      when e."event_type" = 'RECOMMEND' then
        case when e."to_state" = 'submitted' then 'recommended' end
      when e."event_type" = 'PASS_ELIGIBILITY' then 'eligible'
      when e."event_type" in ('CONFIRM_VERIFICATION', 'FAIL_VERIFICATION') then 'verified'
      when e."event_type" = 'PUBLISH' then 'published'
      when e."from_state" = 'expertScoring' and e."to_state" in ('consensus', 'onSiteVerification', 'rejected') then 'scored'
    end as "metric"
    from "audit_event" e
    where e."from_state" is not null and e."from_state" <> e."to_state"
  ) c
  join "achievement" a on a."id" = c."instance_id"
  join "organization" o on o."id" = a."owner_organization_id"
  join "workflow_instance" w on w."id" = a."workflow_id"`,
  ],
} as const;
