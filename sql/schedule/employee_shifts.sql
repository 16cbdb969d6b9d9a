-- Shifts grouped by employee; pharmctl orders each employee's shifts by start itself. With an
-- index leading on employee_id (idx_store_schedules_employee_date) the server streams them from
-- the index; without one pharmctl appends COLLATE "C" to the ORDER BY, since grouping needs
-- equal ids together, not the database's collation order, and a C sort is the cheapest.
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
ORDER BY s.employee_id
