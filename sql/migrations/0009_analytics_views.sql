-- The analytics schema and its two materialized views. The schema is not one the API exposes
-- (PostgREST serves `public`), and neither `anon` nor `authenticated` may use it. Each view has
-- a unique index so that `REFRESH MATERIALIZED VIEW CONCURRENTLY` never blocks its readers.
-- A shift belongs to the date it starts on; `end_time <= start_time` ends the next day.
-- pharmctl: statement-timeout 10m

CREATE SCHEMA analytics;

REVOKE ALL ON SCHEMA analytics FROM PUBLIC;

GRANT USAGE ON SCHEMA analytics TO service_role;

-- Per store, day and role: shifts, hours worked and distinct employees.
CREATE MATERIALIZED VIEW analytics.daily_staffing_summary AS
SELECT s.store_number,
       s.date,
       s.role,
       count(*) AS shift_count,
       sum(
           extract(epoch FROM s.end_time - s.start_time) / 3600
           + CASE WHEN s.end_time <= s.start_time THEN 24 ELSE 0 END
       )::numeric(10, 2) AS total_hours,
       count(DISTINCT s.employee_id) AS headcount
FROM public.store_schedules AS s
GROUP BY s.store_number, s.date, s.role;

-- The view was created by this same transaction: nobody else can see it yet, so a plain
-- build blocks no one.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX daily_staffing_summary_key
    ON analytics.daily_staffing_summary (store_number, date, role);

-- Per employee and ISO week (a shift counts in the week of its start date): shifts, hours and
-- distinct stores.
CREATE MATERIALIZED VIEW analytics.employee_utilization_summary AS
SELECT s.employee_id,
       date_trunc('week', s.date)::date AS week_start,
       count(*) AS shift_count,
       sum(
           extract(epoch FROM s.end_time - s.start_time) / 3600
           + CASE WHEN s.end_time <= s.start_time THEN 24 ELSE 0 END
       )::numeric(10, 2) AS total_hours,
       count(DISTINCT s.store_number) AS store_count
FROM public.store_schedules AS s
GROUP BY s.employee_id, date_trunc('week', s.date)::date;

-- The view was created by this same transaction: nobody else can see it yet, so a plain
-- build blocks no one.
-- squawk-ignore require-concurrent-index-creation
CREATE UNIQUE INDEX employee_utilization_summary_key
    ON analytics.employee_utilization_summary (employee_id, week_start);

REVOKE ALL ON analytics.daily_staffing_summary, analytics.employee_utilization_summary
    FROM PUBLIC, anon, authenticated;

GRANT SELECT ON analytics.daily_staffing_summary, analytics.employee_utilization_summary
    TO service_role;

-- Statistics for the planner from the start, rather than after autovacuum's first visit.
ANALYZE analytics.daily_staffing_summary, analytics.employee_utilization_summary;
