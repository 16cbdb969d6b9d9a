-- Shifts in start order per store. $1 first date, $2 last date (NULL: no bound; a week of
-- margin either side), $3 store_number (NULL: all).
SELECT s.id,
       s.store_number,
       s.employee_id,
       s.date,
       s.start_time,
       s.end_time,
       s.role
FROM public.store_schedules AS s
WHERE ($1::date IS NULL OR s.date >= $1::date - 7)
  AND ($2::date IS NULL OR s.date <= $2::date + 7)
  AND ($3::int IS NULL OR s.store_number = $3::int)
ORDER BY s.store_number, s.date, s.start_time, s.id
