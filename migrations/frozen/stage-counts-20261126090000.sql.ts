/**
 * What Migration20261126090000StageCounts runs up: the stays recreated, the count tables, both
 * backfilled.
 *
 * Frozen: the statements exactly as this migration ran them on each database, written out once
 * from the live read-model SQL of the time. Never edit it to follow src/stats/stage-stays.sql.ts:
 * a database migrated long ago and one migrated today must have run the same thing.
 */
export const STAGE_COUNTS_UP = {
  sqlite: [
    `drop table if exists "stage_stay"`,
    `create table "stage_stay" ("instance_id" text not null, "seq" integer not null, "state" text not null, "from_state" text not null,
       "entered_event" text not null, "metric" text null, "entered_at" datetime not null,
       "left_at" datetime null, "duration_ms" integer null, "metric_prev_at" datetime null,
       "library_prev_at" datetime null, "city" text not null, "body_id" text not null,
       "domain_key" text not null, "category" text not null, "batch_key" text null, constraint "stage_stay_pkey" primary key ("instance_id", "seq"), constraint "stage_stay_instance_id_foreign" foreign key ("instance_id") references "achievement" ("id") on update cascade on delete cascade)`,
    `create index "stage_stay_arrival_index" on "stage_stay" ("batch_key", "body_id", "entered_at") where "metric" = 'recommended'`,
    `create table "stage_count" ("month" text not null, "metric" text not null, "city" text not null, "body_id" text not null, "domain_key" text not null, "category" text not null, "prev_month" text not null, "n" integer not null, constraint "stage_count_pkey" primary key ("month", "metric", "city", "body_id", "domain_key", "category", "prev_month"))`,
    `create table "stage_count_body" ("month" text not null, "metric" text not null, "city" text not null, "body_id" text not null, "prev_month" text not null, "n" integer not null, constraint "stage_count_body_pkey" primary key ("month", "metric", "city", "body_id", "prev_month"))`,
    `create table "stage_count_field" ("month" text not null, "metric" text not null, "domain_key" text not null, "category" text not null, "prev_month" text not null, "n" integer not null, constraint "stage_count_field_pkey" primary key ("month", "metric", "domain_key", "category", "prev_month"))`,
    `create table "stage_duration" ("state" text not null, "month" text not null, "city" text not null, "domain_key" text not null, "category" text not null, "duration_ms" integer not null, "n" integer not null, constraint "stage_duration_pkey" primary key ("state", "month", "city", "domain_key", "category", "duration_ms"))`,
    `create table "stage_decision" ("month" text not null, "event_type" text not null, "city" text not null, "domain_key" text not null, "category" text not null, "n" integer not null, constraint "stage_decision_pkey" primary key ("month", "event_type", "city", "domain_key", "category"))`,
    `create index "stage_count_city_index" on "stage_count" ("city", "month", "metric", "prev_month", "domain_key", "category", "n")`,
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
    `delete from "stage_count"`,
    `insert into "stage_count" ("month", "metric", "city", "body_id", "domain_key", "category", "prev_month", "n") select c."month", c."metric", c."city", c."body_id", c."domain_key", c."category", c."prev_month", count(*) as "n"
  from (
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours') as "month", s."metric", s."city", s."body_id", s."domain_key", s."category",
      coalesce(strftime('%Y-%m', s."metric_prev_at" / 1000, 'unixepoch', '+8 hours'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours'), 'inLibrary', s."city", s."body_id", s."domain_key", s."category", coalesce(strftime('%Y-%m', s."library_prev_at" / 1000, 'unixepoch', '+8 hours'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."city", c."body_id", c."domain_key", c."category", c."prev_month"`,
    `delete from "stage_count_body"`,
    `insert into "stage_count_body" ("month", "metric", "city", "body_id", "prev_month", "n") select c."month", c."metric", c."city", c."body_id", c."prev_month", count(*) as "n"
  from (
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours') as "month", s."metric", s."city", s."body_id",
      coalesce(strftime('%Y-%m', s."metric_prev_at" / 1000, 'unixepoch', '+8 hours'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours'), 'inLibrary', s."city", s."body_id", coalesce(strftime('%Y-%m', s."library_prev_at" / 1000, 'unixepoch', '+8 hours'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."city", c."body_id", c."prev_month"`,
    `delete from "stage_count_field"`,
    `insert into "stage_count_field" ("month", "metric", "domain_key", "category", "prev_month", "n") select c."month", c."metric", c."domain_key", c."category", c."prev_month", count(*) as "n"
  from (
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours') as "month", s."metric", s."domain_key", s."category",
      coalesce(strftime('%Y-%m', s."metric_prev_at" / 1000, 'unixepoch', '+8 hours'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select strftime('%Y-%m', s."entered_at" / 1000, 'unixepoch', '+8 hours'), 'inLibrary', s."domain_key", s."category", coalesce(strftime('%Y-%m', s."library_prev_at" / 1000, 'unixepoch', '+8 hours'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."domain_key", c."category", c."prev_month"`,
    `delete from "stage_duration"`,
    `insert into "stage_duration" ("state", "month", "city", "domain_key", "category", "duration_ms", "n") select s."state", strftime('%Y-%m', s."left_at" / 1000, 'unixepoch', '+8 hours') as "month", s."city", s."domain_key", s."category", s."duration_ms", count(*) as "n"
  from "stage_stay" s where s."left_at" is not null
  group by s."state", strftime('%Y-%m', s."left_at" / 1000, 'unixepoch', '+8 hours'), s."city", s."domain_key", s."category", s."duration_ms"`,
    `delete from "stage_decision"`,
    `insert into "stage_decision" ("month", "event_type", "city", "domain_key", "category", "n") select strftime('%Y-%m', e."at" / 1000, 'unixepoch', '+8 hours') as "month", e."event_type", d."city", d."domain_key", d."category", count(*) as "n"
  from (select distinct s."instance_id", s."city", s."domain_key", s."category" from "stage_stay" s) d
  join "audit_event" e on e."instance_id" = d."instance_id"
  where e."event_type" in ('RECOMMEND', 'DECLINE', 'RETURN_FOR_AMENDMENT', 'PASS_ELIGIBILITY', 'REJECT')
  group by strftime('%Y-%m', e."at" / 1000, 'unixepoch', '+8 hours'), e."event_type", d."city", d."domain_key", d."category"`,
  ],
  postgresql: [
    `drop table if exists "stage_stay"`,
    `create table "stage_stay" ("instance_id" uuid not null, "seq" int not null, "state" varchar(64) not null, "from_state" varchar(64) not null,
       "entered_event" varchar(64) not null, "metric" varchar(32) null, "entered_at" timestamptz not null,
       "left_at" timestamptz null, "duration_ms" bigint null, "metric_prev_at" timestamptz null,
       "library_prev_at" timestamptz null, "city" varchar(255) not null, "body_id" uuid not null,
       "domain_key" varchar(64) not null, "category" varchar(64) not null, "batch_key" varchar(32) null, constraint "stage_stay_pkey" primary key ("instance_id", "seq"), constraint "stage_stay_instance_id_foreign" foreign key ("instance_id") references "achievement" ("id") on update cascade on delete cascade)`,
    `create index "stage_stay_arrival_index" on "stage_stay" ("batch_key", "body_id", "entered_at") where "metric" = 'recommended'`,
    `create table "stage_count" ("month" varchar(7) not null, "metric" varchar(32) not null, "city" varchar(255) not null, "body_id" uuid not null, "domain_key" varchar(64) not null, "category" varchar(64) not null, "prev_month" varchar(7) not null, "n" int not null, constraint "stage_count_pkey" primary key ("month", "metric", "city", "body_id", "domain_key", "category", "prev_month"))`,
    `create table "stage_count_body" ("month" varchar(7) not null, "metric" varchar(32) not null, "city" varchar(255) not null, "body_id" uuid not null, "prev_month" varchar(7) not null, "n" int not null, constraint "stage_count_body_pkey" primary key ("month", "metric", "city", "body_id", "prev_month"))`,
    `create table "stage_count_field" ("month" varchar(7) not null, "metric" varchar(32) not null, "domain_key" varchar(64) not null, "category" varchar(64) not null, "prev_month" varchar(7) not null, "n" int not null, constraint "stage_count_field_pkey" primary key ("month", "metric", "domain_key", "category", "prev_month"))`,
    `create table "stage_duration" ("state" varchar(64) not null, "month" varchar(7) not null, "city" varchar(255) not null, "domain_key" varchar(64) not null, "category" varchar(64) not null, "duration_ms" bigint not null, "n" int not null, constraint "stage_duration_pkey" primary key ("state", "month", "city", "domain_key", "category", "duration_ms"))`,
    `create table "stage_decision" ("month" varchar(7) not null, "event_type" varchar(64) not null, "city" varchar(255) not null, "domain_key" varchar(64) not null, "category" varchar(64) not null, "n" int not null, constraint "stage_decision_pkey" primary key ("month", "event_type", "city", "domain_key", "category"))`,
    `create index "stage_count_city_index" on "stage_count" ("city", "month", "metric", "prev_month", "domain_key", "category", "n")`,
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
    `delete from "stage_count"`,
    `insert into "stage_count" ("month", "metric", "city", "body_id", "domain_key", "category", "prev_month", "n") select c."month", c."metric", c."city", c."body_id", c."domain_key", c."category", c."prev_month", count(*) as "n"
  from (
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM') as "month", s."metric", s."city", s."body_id", s."domain_key", s."category",
      coalesce(to_char(s."metric_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), 'inLibrary', s."city", s."body_id", s."domain_key", s."category", coalesce(to_char(s."library_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."city", c."body_id", c."domain_key", c."category", c."prev_month"`,
    `delete from "stage_count_body"`,
    `insert into "stage_count_body" ("month", "metric", "city", "body_id", "prev_month", "n") select c."month", c."metric", c."city", c."body_id", c."prev_month", count(*) as "n"
  from (
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM') as "month", s."metric", s."city", s."body_id",
      coalesce(to_char(s."metric_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), 'inLibrary', s."city", s."body_id", coalesce(to_char(s."library_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."city", c."body_id", c."prev_month"`,
    `delete from "stage_count_field"`,
    `insert into "stage_count_field" ("month", "metric", "domain_key", "category", "prev_month", "n") select c."month", c."metric", c."domain_key", c."category", c."prev_month", count(*) as "n"
  from (
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM') as "month", s."metric", s."domain_key", s."category",
      coalesce(to_char(s."metric_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '') as "prev_month"
    from "stage_stay" s where s."metric" is not null
    union all
    select to_char(s."entered_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), 'inLibrary', s."domain_key", s."category", coalesce(to_char(s."library_prev_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), '')
    from "stage_stay" s where s."entered_event" = 'CONFIRM_VERIFICATION'
  ) c
  group by c."month", c."metric", c."domain_key", c."category", c."prev_month"`,
    `delete from "stage_duration"`,
    `insert into "stage_duration" ("state", "month", "city", "domain_key", "category", "duration_ms", "n") select s."state", to_char(s."left_at" at time zone 'Asia/Shanghai', 'YYYY-MM') as "month", s."city", s."domain_key", s."category", s."duration_ms", count(*) as "n"
  from "stage_stay" s where s."left_at" is not null
  group by s."state", to_char(s."left_at" at time zone 'Asia/Shanghai', 'YYYY-MM'), s."city", s."domain_key", s."category", s."duration_ms"`,
    `delete from "stage_decision"`,
    `insert into "stage_decision" ("month", "event_type", "city", "domain_key", "category", "n") select to_char(e."at" at time zone 'Asia/Shanghai', 'YYYY-MM') as "month", e."event_type", d."city", d."domain_key", d."category", count(*) as "n"
  from (select distinct s."instance_id", s."city", s."domain_key", s."category" from "stage_stay" s) d
  join "audit_event" e on e."instance_id" = d."instance_id"
  where e."event_type" in ('RECOMMEND', 'DECLINE', 'RETURN_FOR_AMENDMENT', 'PASS_ELIGIBILITY', 'REJECT')
  group by to_char(e."at" at time zone 'Asia/Shanghai', 'YYYY-MM'), e."event_type", d."city", d."domain_key", d."category"`,
  ],
} as const;
