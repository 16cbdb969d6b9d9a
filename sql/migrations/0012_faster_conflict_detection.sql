-- detect_schedule_conflicts, replaced by the same rules written to plan well on large
-- schedules. Same arguments, same rows, same order; the grants stay as they were. Each rule now
-- reads the shifts through its own scan instead of one materialized copy, so that it is planned
-- with the table's statistics and can use the schedule indexes; overlaps and the technician
-- ratio join neighbouring days only; weekly arrays are built only for weeks over their limit;
-- employees are partitioned in the C collation; a store or employee filter narrows what is
-- read. The function is PL/pgSQL so that RETURN QUERY can plan with the arguments' values and
-- run in parallel, which a SQL function returning rows one at a time cannot. The query is the
-- text of sql/schedule/conflicts.sql, which a test keeps identical; `#variable_conflict
-- use_column` lets its column names match the output columns'.

CREATE OR REPLACE FUNCTION public.detect_schedule_conflicts(
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
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
SET jit = off
AS $body$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH shifts AS NOT MATERIALIZED (
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
      AND ($4::text IS NULL OR s.employee_id = $4::text)
      AND ($3::int IS NULL OR s.employee_id = ANY (ARRAY(
              SELECT DISTINCT x.employee_id
              FROM public.store_schedules AS x
              WHERE x.store_number = $3::int
                AND ($1::date IS NULL OR x.date >= $1::date - 7)
                AND ($2::date IS NULL OR x.date <= $2::date + 7))))
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
    CROSS JOIN (VALUES (0), (1)) AS later (days)
    JOIN shifts AS b
      ON b.employee_id = a.employee_id
     AND b.date = a.date + later.days
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
    WINDOW w AS (PARTITION BY s.employee_id COLLATE "C" ORDER BY s.starts, s.id)
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
week_hours AS (
    SELECT s.employee_id,
           date_trunc('week', s.date)::date AS week,
           sum(extract(epoch FROM s.ends - s.starts)) / 3600 AS hours
    FROM shifts AS s
    GROUP BY s.employee_id, date_trunc('week', s.date)
),
long_weeks AS MATERIALIZED (
    SELECT w.employee_id, c.employee_type, w.week, w.hours, l.hours AS limit_hours
    FROM week_hours AS w
    JOIN public.contacts AS c ON c.employee_id = w.employee_id
    JOIN (VALUES ('full-time', $6::float8),
                 ('part-time', $7::float8),
                 ('floater', $8::float8)) AS l (employee_type, hours)
      ON l.employee_type = c.employee_type
    WHERE w.hours > l.hours
),
weekly_hours AS (
    SELECT 'weekly-hours' AS kind,
           w.week AS date,
           w.week + 6 AS last_date,
           array_agg(DISTINCT s.store_number ORDER BY s.store_number) AS store_numbers,
           ARRAY[w.employee_id] AS employee_ids,
           array_agg(s.id ORDER BY s.starts, s.id) AS shift_ids,
           format('%s h in the week of %s, over the %s h limit for %s employees',
                  round(w.hours, 1), w.week, w.limit_hours, w.employee_type) AS detail
    FROM long_weeks AS w
    JOIN shifts AS s
      ON s.employee_id = w.employee_id
     AND date_trunc('week', s.date)::date = w.week
    GROUP BY w.employee_id, w.employee_type, w.week, w.hours, w.limit_hours
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
        coalesce($1::date, (SELECT min(x.date) FROM public.store_schedules AS x
                            WHERE $2::date IS NULL OR x.date <= $2::date + 7))::timestamp,
        coalesce($2::date, (SELECT max(x.date) FROM public.store_schedules AS x
                            WHERE $1::date IS NULL OR x.date >= $1::date - 7))::timestamp,
        interval '1 day') AS d
    WHERE st.is_active
      AND (st.is_24_hours OR (st.opens_at IS NOT NULL AND st.closes_at IS NOT NULL))
      AND ($3::int IS NULL OR st.store_number = $3::int)
      AND $4::text IS NULL
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
    CROSS JOIN (VALUES (-1), (0), (1)) AS near (days)
    JOIN shifts AS s
      ON s.store_number = b.store_number
     AND s.date = b.date + near.days
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
ORDER BY f.date, f.kind COLLATE "C", f.store_numbers, f.employee_ids, f.shift_ids;
END
$body$;
