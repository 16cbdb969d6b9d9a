-- The scheduling functions of the audit. Every function has a fixed, empty search_path (names
-- inside are fully qualified), only `service_role` may execute it, and hours respect shifts
-- that cross midnight (`end_time <= start_time` ends the next day).

-- Per employee (one, or all when p_employee_id is null) over an optional date range: shifts,
-- hours, distinct stores, first and last day worked.
CREATE FUNCTION public.get_employee_schedule_summary(
    p_employee_id text DEFAULT NULL,
    p_from date DEFAULT NULL,
    p_to date DEFAULT NULL
)
RETURNS TABLE (
    employee_id text,
    shift_count bigint,
    total_hours numeric,
    store_count bigint,
    first_date date,
    last_date date
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $body$
    SELECT s.employee_id,
           count(*),
           sum(
               extract(epoch FROM s.end_time - s.start_time) / 3600
               + CASE WHEN s.end_time <= s.start_time THEN 24 ELSE 0 END
           )::numeric(10, 2),
           count(DISTINCT s.store_number),
           min(s.date),
           max(s.date)
    FROM public.store_schedules AS s
    WHERE (p_employee_id IS NULL OR s.employee_id = p_employee_id)
      AND (p_from IS NULL OR s.date >= p_from)
      AND (p_to IS NULL OR s.date <= p_to)
    GROUP BY s.employee_id
    ORDER BY s.employee_id
$body$;

-- Per store, day and role (one store, or all) over an optional date range: shifts, hours and
-- distinct employees, read from the live table rather than the materialized view.
CREATE FUNCTION public.get_store_staffing_summary(
    p_store_number integer DEFAULT NULL,
    p_from date DEFAULT NULL,
    p_to date DEFAULT NULL
)
RETURNS TABLE (
    store_number integer,
    date date,
    role text,
    shift_count bigint,
    total_hours numeric,
    headcount bigint
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $body$
    SELECT s.store_number,
           s.date,
           s.role,
           count(*),
           sum(
               extract(epoch FROM s.end_time - s.start_time) / 3600
               + CASE WHEN s.end_time <= s.start_time THEN 24 ELSE 0 END
           )::numeric(10, 2),
           count(DISTINCT s.employee_id)
    FROM public.store_schedules AS s
    WHERE (p_store_number IS NULL OR s.store_number = p_store_number)
      AND (p_from IS NULL OR s.date >= p_from)
      AND (p_to IS NULL OR s.date <= p_to)
    GROUP BY s.store_number, s.date, s.role
    ORDER BY s.store_number, s.date, s.role
$body$;

-- Schedule conflicts and staffing-rule breaches, the rules of `pharmctl conflicts`, one row
-- each: the kind, the date, the store numbers, employee ids and shift ids involved, and a
-- sentence with the times. Shifts whose end_time is not after their start_time end the next
-- day. The body is the text of sql/schedule/conflicts.sql, which a test keeps identical.
CREATE FUNCTION public.detect_schedule_conflicts(
    p_from date DEFAULT NULL,
    p_to date DEFAULT NULL,
    p_store_number integer DEFAULT NULL,
    p_employee_id text DEFAULT NULL,
    p_min_rest_minutes integer DEFAULT 600,
    p_full_time_hours double precision DEFAULT 40,
    p_part_time_hours double precision DEFAULT 30,
    p_floater_hours double precision DEFAULT 40,
    p_technicians_per_pharmacist integer DEFAULT 4
)
RETURNS TABLE (
    kind text,
    date date,
    store_numbers integer[],
    employee_ids text[],
    shift_ids bigint[],
    detail text
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
SET jit = off
AS $body$
WITH shifts AS MATERIALIZED (
    SELECT s.id,
           s.store_number,
           s.employee_id,
           s.date,
           s.role,
           s.date + s.start_time AS starts,
           s.date + s.end_time
               + CASE WHEN s.end_time <= s.start_time THEN interval '1 day'
                      ELSE interval '0' END AS ends
    FROM public.store_schedules AS s
    WHERE ($1::date IS NULL OR s.date >= $1::date - 7)
      AND ($2::date IS NULL OR s.date <= $2::date + 7)
),
overlapping AS (
    SELECT CASE WHEN a.store_number = b.store_number THEN 'double-booking'
                ELSE 'two-store-overlap' END AS kind,
           a.date,
           a.date AS last_date,
           CASE WHEN a.store_number = b.store_number THEN ARRAY[a.store_number]
                ELSE ARRAY[a.store_number, b.store_number] END AS store_numbers,
           ARRAY[a.employee_id] AS employee_ids,
           ARRAY[a.id, b.id] AS shift_ids,
           format('%s %s-%s and %s %s-%s overlap for %s',
                  a.date, to_char(a.starts, 'HH24:MI'), to_char(a.ends, 'HH24:MI'),
                  b.date, to_char(b.starts, 'HH24:MI'), to_char(b.ends, 'HH24:MI'),
                  to_char(least(a.ends, b.ends) - b.starts, 'HH24:MI')) AS detail
    FROM shifts AS a
    JOIN shifts AS b
      ON b.employee_id = a.employee_id
     AND (b.starts, b.id) > (a.starts, a.id)
     AND b.starts < a.ends
),
ordered_shifts AS (
    SELECT s.*,
           lag(s.id) OVER w AS previous_id,
           lag(s.date) OVER w AS previous_date,
           lag(s.store_number) OVER w AS previous_store,
           max(s.ends) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_end
    FROM shifts AS s
    WINDOW w AS (PARTITION BY s.employee_id ORDER BY s.starts, s.id)
),
short_rests AS (
    SELECT 'short-rest' AS kind,
           q.previous_date AS date,
           q.previous_date AS last_date,
           CASE WHEN q.previous_store = q.store_number THEN ARRAY[q.store_number]
                ELSE ARRAY[q.previous_store, q.store_number] END AS store_numbers,
           ARRAY[q.employee_id] AS employee_ids,
           ARRAY[q.previous_id, q.id] AS shift_ids,
           format('%s of rest between %s %s and %s %s, under the %s minimum',
                  to_char(q.starts - q.previous_end, 'HH24:MI'),
                  q.previous_end::date, to_char(q.previous_end, 'HH24:MI'),
                  q.date, to_char(q.starts, 'HH24:MI'),
                  to_char(make_interval(mins => $5::int), 'HH24:MI')) AS detail
    FROM ordered_shifts AS q
    WHERE q.starts >= q.previous_end
      AND q.starts - q.previous_end < make_interval(mins => $5::int)
),
weeks AS (
    SELECT s.employee_id,
           c.employee_type,
           date_trunc('week', s.date)::date AS week,
           sum(extract(epoch FROM s.ends - s.starts)) / 3600 AS hours,
           array_agg(DISTINCT s.store_number ORDER BY s.store_number) AS store_numbers,
           array_agg(s.id ORDER BY s.starts, s.id) AS shift_ids
    FROM shifts AS s
    JOIN public.contacts AS c ON c.employee_id = s.employee_id
    GROUP BY s.employee_id, c.employee_type, date_trunc('week', s.date)
),
weekly_hours AS (
    SELECT 'weekly-hours' AS kind,
           w.week AS date,
           w.week + 6 AS last_date,
           w.store_numbers,
           ARRAY[w.employee_id] AS employee_ids,
           w.shift_ids,
           format('%s h in the week of %s, over the %s h limit for %s employees',
                  round(w.hours, 1), w.week, l.hours, w.employee_type) AS detail
    FROM weeks AS w
    JOIN (VALUES ('full-time', $6::float8),
                 ('part-time', $7::float8),
                 ('floater', $8::float8)) AS l (employee_type, hours)
      ON l.employee_type = w.employee_type
    WHERE w.hours > l.hours
),
inactive_stores AS (
    SELECT 'inactive-store' AS kind,
           s.date,
           s.date AS last_date,
           ARRAY[s.store_number] AS store_numbers,
           ARRAY[s.employee_id] AS employee_ids,
           ARRAY[s.id] AS shift_ids,
           format('%s-%s at store %s, which is inactive',
                  to_char(s.starts, 'HH24:MI'), to_char(s.ends, 'HH24:MI'),
                  s.store_number) AS detail
    FROM shifts AS s
    JOIN public.stores AS st ON st.store_number = s.store_number
    WHERE NOT st.is_active
),
inactive_employees AS (
    SELECT 'inactive-employee' AS kind,
           s.date,
           s.date AS last_date,
           ARRAY[s.store_number] AS store_numbers,
           ARRAY[s.employee_id] AS employee_ids,
           ARRAY[s.id] AS shift_ids,
           format('%s-%s for an employee whose status is %s',
                  to_char(s.starts, 'HH24:MI'), to_char(s.ends, 'HH24:MI'),
                  c.status) AS detail
    FROM shifts AS s
    JOIN public.contacts AS c ON c.employee_id = s.employee_id
    WHERE c.status <> 'active'
),
store_days AS (
    SELECT st.store_number,
           d::date AS date,
           CASE WHEN st.is_24_hours THEN tsrange(d, d + interval '1 day')
                WHEN st.closes_at > st.opens_at
                    THEN tsrange(d + st.opens_at, d + st.closes_at)
                ELSE tsrange(d + st.opens_at, d + interval '1 day' + st.closes_at)
           END AS open_hours
    FROM public.stores AS st
    CROSS JOIN generate_series(
        coalesce($1::date, (SELECT min(s.date) FROM shifts AS s))::timestamp,
        coalesce($2::date, (SELECT max(s.date) FROM shifts AS s))::timestamp,
        interval '1 day') AS d
    WHERE st.is_active
      AND (st.is_24_hours OR (st.opens_at IS NOT NULL AND st.closes_at IS NOT NULL))
),
pharmacist_cover AS (
    SELECT s.store_number, range_agg(tsrange(s.starts, s.ends)) AS covered
    FROM shifts AS s
    WHERE s.role = 'pharmacist'
    GROUP BY s.store_number
),
gaps AS (
    SELECT d.store_number,
           d.date,
           d.open_hours::tsmultirange - coalesce(p.covered, '{}'::tsmultirange) AS uncovered
    FROM store_days AS d
    LEFT JOIN pharmacist_cover AS p ON p.store_number = d.store_number
),
no_pharmacist AS (
    SELECT 'no-pharmacist' AS kind,
           g.date,
           g.date AS last_date,
           ARRAY[g.store_number] AS store_numbers,
           '{}'::text[] AS employee_ids,
           '{}'::bigint[] AS shift_ids,
           'no pharmacist on duty ' || (
               SELECT string_agg(to_char(lower(r), 'HH24:MI') || '-'
                                 || CASE WHEN upper(r) = g.date + interval '1 day' THEN '24:00'
                                         ELSE to_char(upper(r), 'HH24:MI') END,
                                 ', ' ORDER BY lower(r))
               FROM unnest(g.uncovered) AS r) AS detail
    FROM gaps AS g
    WHERE NOT isempty(g.uncovered)
),
busy_days AS (
    SELECT s.store_number, s.date
    FROM shifts AS s
    WHERE s.role = 'technician'
    GROUP BY s.store_number, s.date
    HAVING count(*) > $9::int
),
busy_shifts AS (
    SELECT b.date AS busy_date, s.*
    FROM busy_days AS b
    JOIN shifts AS s
      ON s.store_number = b.store_number
     AND s.date BETWEEN b.date - 1 AND b.date + 1
     AND s.role IN ('technician', 'pharmacist')
),
moments AS (
    SELECT m.store_number,
           m.busy_date,
           m.at,
           count(*) FILTER (WHERE o.role = 'technician') AS technicians,
           count(*) FILTER (WHERE o.role = 'pharmacist') AS pharmacists
    FROM (SELECT DISTINCT store_number, busy_date,
                 CASE WHEN role = 'technician' THEN starts ELSE ends END AS at
          FROM busy_shifts) AS m
    JOIN busy_shifts AS o
      ON o.store_number = m.store_number
     AND o.busy_date = m.busy_date
     AND o.starts <= m.at
     AND o.ends > m.at
    WHERE m.at::date = m.busy_date
    GROUP BY m.store_number, m.busy_date, m.at
),
technician_ratio AS (
    SELECT 'technician-ratio' AS kind,
           m.busy_date AS date,
           m.busy_date AS last_date,
           ARRAY[m.store_number] AS store_numbers,
           '{}'::text[] AS employee_ids,
           '{}'::bigint[] AS shift_ids,
           format('%s technicians for %s pharmacist(s) on duty from %s, over %s per pharmacist',
                  max(m.technicians), min(m.pharmacists),
                  to_char(min(m.at), 'HH24:MI'), $9::int) AS detail
    FROM moments AS m
    WHERE m.pharmacists > 0
      AND m.technicians > $9::int * m.pharmacists
    GROUP BY m.store_number, m.busy_date
),
found AS (
    SELECT * FROM overlapping
    UNION ALL SELECT * FROM short_rests
    UNION ALL SELECT * FROM weekly_hours
    UNION ALL SELECT * FROM inactive_stores
    UNION ALL SELECT * FROM inactive_employees
    UNION ALL SELECT * FROM no_pharmacist
    UNION ALL SELECT * FROM technician_ratio
)
SELECT f.kind, f.date, f.store_numbers, f.employee_ids, f.shift_ids, f.detail
FROM found AS f
WHERE ($1::date IS NULL OR f.last_date >= $1::date)
  AND ($2::date IS NULL OR f.date <= $2::date)
  AND ($3::int IS NULL OR $3::int = ANY (f.store_numbers))
  AND ($4::text IS NULL OR $4::text = ANY (f.employee_ids))
ORDER BY f.date, f.kind COLLATE "C", f.store_numbers, f.employee_ids
$body$;

-- Refreshes both analytics views, concurrently once they hold data (readers are never
-- blocked), and returns how long each took. Runs as its owner, who owns the views.
CREATE FUNCTION public.refresh_analytics_views()
RETURNS TABLE (view_name text, refreshed_concurrently boolean, duration_ms numeric)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $body$
DECLARE
    started timestamptz;
    populated boolean;
BEGIN
    SELECT c.relispopulated INTO populated
    FROM pg_catalog.pg_class AS c
    WHERE c.oid = 'analytics.daily_staffing_summary'::pg_catalog.regclass;
    started := pg_catalog.clock_timestamp();
    IF populated THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.daily_staffing_summary;
    ELSE
        REFRESH MATERIALIZED VIEW analytics.daily_staffing_summary;
    END IF;
    view_name := 'analytics.daily_staffing_summary';
    refreshed_concurrently := populated;
    duration_ms :=
        (extract(epoch FROM pg_catalog.clock_timestamp() - started) * 1000)::numeric(12, 1);
    RETURN NEXT;

    SELECT c.relispopulated INTO populated
    FROM pg_catalog.pg_class AS c
    WHERE c.oid = 'analytics.employee_utilization_summary'::pg_catalog.regclass;
    started := pg_catalog.clock_timestamp();
    IF populated THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.employee_utilization_summary;
    ELSE
        REFRESH MATERIALIZED VIEW analytics.employee_utilization_summary;
    END IF;
    view_name := 'analytics.employee_utilization_summary';
    refreshed_concurrently := populated;
    duration_ms :=
        (extract(epoch FROM pg_catalog.clock_timestamp() - started) * 1000)::numeric(12, 1);
    RETURN NEXT;
END
$body$;

-- The volumes of `pharmctl stats`, one row per table of the user schemas: planner estimate,
-- sizes, maintenance counters. Runs with the caller's rights, so it sees what the caller sees.
CREATE FUNCTION public.get_performance_stats()
RETURNS TABLE (
    schema_name text,
    table_name text,
    estimated_rows bigint,
    table_bytes bigint,
    index_bytes bigint,
    total_bytes bigint,
    live_tuples bigint,
    dead_tuples bigint,
    is_analyzed boolean
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $body$
    SELECT n.nspname::text,
           c.relname::text,
           c.reltuples::bigint,
           CASE c.relkind
               WHEN 'p' THEN (SELECT coalesce(sum(pg_catalog.pg_table_size(t.relid)), 0)
                              FROM pg_catalog.pg_partition_tree(c.oid) AS t)::bigint
               ELSE pg_catalog.pg_table_size(c.oid)
           END,
           CASE c.relkind
               WHEN 'p' THEN (SELECT coalesce(sum(pg_catalog.pg_indexes_size(t.relid)), 0)
                              FROM pg_catalog.pg_partition_tree(c.oid) AS t)::bigint
               ELSE pg_catalog.pg_indexes_size(c.oid)
           END,
           pg_catalog.pg_total_relation_size(c.oid),
           coalesce(s.n_live_tup, 0),
           coalesce(s.n_dead_tup, 0),
           (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL)
    FROM pg_catalog.pg_class AS c
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_stat_user_tables AS s ON s.relid = c.oid
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname NOT IN ('information_schema', 'pharmctl')
      AND n.nspname !~ '^pg_'
$body$;

-- Maintenance advice from the statistics views, one row per object:
-- `invalid-index` (an index a failed concurrent build left behind), `vacuum` (over 20% dead
-- rows and over 1,000 of them), `analyze` (rows but never analyzed), `refresh` (an analytics
-- view that holds no data).
CREATE FUNCTION public.get_performance_recommendations()
RETURNS TABLE (category text, object_name text, recommendation text)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $body$
    SELECT 'invalid-index',
           pg_catalog.format('%I.%I', n.nspname, c.relname),
           pg_catalog.format('DROP INDEX CONCURRENTLY %I.%I, then build it again',
                             n.nspname, c.relname)
    FROM pg_catalog.pg_index AS i
    JOIN pg_catalog.pg_class AS c ON c.oid = i.indexrelid
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE NOT i.indisvalid
    UNION ALL
    SELECT 'vacuum',
           pg_catalog.format('%I.%I', s.schemaname, s.relname),
           pg_catalog.format('VACUUM (ANALYZE) %I.%I: %s dead rows against %s live',
                             s.schemaname, s.relname, s.n_dead_tup, s.n_live_tup)
    FROM pg_catalog.pg_stat_user_tables AS s
    WHERE s.n_dead_tup > 1000
      AND s.n_dead_tup > 0.2 * (s.n_live_tup + s.n_dead_tup)
    UNION ALL
    SELECT 'analyze',
           pg_catalog.format('%I.%I', s.schemaname, s.relname),
           pg_catalog.format('ANALYZE %I.%I: %s rows and no statistics',
                             s.schemaname, s.relname, s.n_live_tup)
    FROM pg_catalog.pg_stat_user_tables AS s
    WHERE s.n_live_tup >= 1000
      AND s.last_analyze IS NULL
      AND s.last_autoanalyze IS NULL
    UNION ALL
    SELECT 'refresh',
           pg_catalog.format('%I.%I', n.nspname, c.relname),
           pg_catalog.format('REFRESH MATERIALIZED VIEW %I.%I', n.nspname, c.relname)
    FROM pg_catalog.pg_class AS c
    JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.relkind = 'm'
      AND n.nspname = 'analytics'
      AND NOT c.relispopulated
    ORDER BY 1, 2
$body$;

REVOKE EXECUTE ON FUNCTION
    public.get_employee_schedule_summary(text, date, date),
    public.get_store_staffing_summary(integer, date, date),
    public.detect_schedule_conflicts(
        date, date, integer, text, integer, double precision, double precision, double precision,
        integer
    ),
    public.refresh_analytics_views(),
    public.get_performance_stats(),
    public.get_performance_recommendations()
FROM PUBLIC, anon, authenticated;

GRANT EXECUTE ON FUNCTION
    public.get_employee_schedule_summary(text, date, date),
    public.get_store_staffing_summary(integer, date, date),
    public.detect_schedule_conflicts(
        date, date, integer, text, integer, double precision, double precision, double precision,
        integer
    ),
    public.refresh_analytics_views(),
    public.get_performance_stats(),
    public.get_performance_recommendations()
TO service_role;
