-- Shifts per employee, by date; pharmctl orders each employee's shifts by start itself, so that
-- with idx_store_schedules_employee_date the server streams them from the index unsorted.
-- $1 first date, $2 last date (NULL: no bound; a week of margin either side for rules that
-- look at neighbouring shifts), $3 employee_id (NULL: all).
SELECT s.id,
       s.store_number,
       s.employee_id,
       s.date,
       s.start_time,
       s.end_time
FROM public.store_schedules AS s
WHERE ($1::date IS NULL OR s.date >= $1::date - 7)
  AND ($2::date IS NULL OR s.date <= $2::date + 7)
  AND ($3::text IS NULL OR s.employee_id = $3::text)
ORDER BY s.employee_id, s.date
