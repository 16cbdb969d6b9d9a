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

-- Overlapping shifts of one employee, at the same or different stores, across midnight
-- included; intervals are half-open. One row per overlapping pair, the earlier shift first.
-- Only overlaps are returned: the other staffing rules belong to `pharmctl conflicts`. A pair
-- is kept when either shift starts in the date range, or is at the store, when those are given.
CREATE FUNCTION public.detect_schedule_conflicts(
    p_from date DEFAULT NULL,
    p_to date DEFAULT NULL,
    p_store_number integer DEFAULT NULL,
    p_employee_id text DEFAULT NULL
)
RETURNS TABLE (
    employee_id text,
    first_shift_id bigint,
    second_shift_id bigint,
    first_store_number integer,
    second_store_number integer,
    overlap_start timestamp,
    overlap_end timestamp,
    overlap_minutes numeric
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $body$
    WITH shifts AS (
        SELECT s.id,
               s.employee_id,
               s.store_number,
               s.date,
               s.date + s.start_time AS starts_at,
               s.date + s.end_time
                   + CASE WHEN s.end_time <= s.start_time
                          THEN interval '1 day'
                          ELSE interval '0 days' END AS ends_at
        FROM public.store_schedules AS s
        WHERE (p_employee_id IS NULL OR s.employee_id = p_employee_id)
          AND (p_from IS NULL OR s.date >= p_from - 1)
          AND (p_to IS NULL OR s.date <= p_to + 1)
    )
    SELECT a.employee_id,
           a.id,
           b.id,
           a.store_number,
           b.store_number,
           b.starts_at,
           least(a.ends_at, b.ends_at),
           (extract(epoch FROM least(a.ends_at, b.ends_at) - b.starts_at) / 60)::numeric(10, 1)
    FROM shifts AS a
    JOIN shifts AS b
      ON b.employee_id = a.employee_id
     AND b.date BETWEEN a.date AND a.date + 1
     AND (a.starts_at, a.id) < (b.starts_at, b.id)
     AND b.starts_at < a.ends_at
    WHERE (p_from IS NULL OR a.date >= p_from OR b.date >= p_from)
      AND (p_to IS NULL OR a.date <= p_to OR b.date <= p_to)
      AND (p_store_number IS NULL OR p_store_number IN (a.store_number, b.store_number))
    ORDER BY a.employee_id, a.starts_at, b.starts_at
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
    WHERE s.n_live_tup > 0
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
    public.detect_schedule_conflicts(date, date, integer, text),
    public.refresh_analytics_views(),
    public.get_performance_stats(),
    public.get_performance_recommendations()
FROM PUBLIC, anon, authenticated;

GRANT EXECUTE ON FUNCTION
    public.get_employee_schedule_summary(text, date, date),
    public.get_store_staffing_summary(integer, date, date),
    public.detect_schedule_conflicts(date, date, integer, text),
    public.refresh_analytics_views(),
    public.get_performance_stats(),
    public.get_performance_recommendations()
TO service_role;
