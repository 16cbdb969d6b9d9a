-- Shifts grouped by employee; pharmctl orders each employee's shifts by start itself. With an
-- index leading on employee_id (idx_store_schedules_employee_date) the server streams them from
-- the index; without one pharmctl appends COLLATE "C" to the ORDER BY, since grouping needs
-- equal ids together, not the database's collation order, and a C sort is the cheapest.
-- $1 first date, $2 last date (NULL: no bound; a week of margin either side for rules that
-- look at neighbouring shifts), $3 employee_id (NULL: all), $4 store_number (NULL: all; else
-- every shift of the employees who work at that store in the range, since their conflicts with
-- shifts elsewhere involve the store too).
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
  AND ($4::int IS NULL OR s.employee_id = ANY (ARRAY(
          SELECT DISTINCT x.employee_id
          FROM public.store_schedules AS x
          WHERE x.store_number = $4::int
            AND ($1::date IS NULL OR x.date >= $1::date - 7)
            AND ($2::date IS NULL OR x.date <= $2::date + 7))))
ORDER BY s.employee_id
