-- Shifts grouped by store (with idx_store_schedules_store_date, straight from the index;
-- pharmctl orders each store's shifts itself): those the store rules read, which are
-- pharmacists' and technicians' shifts anywhere and every shift at an inactive store.
-- $1 first date, $2 last date (NULL: no bound; a week of margin either side), $3 store_number
-- (NULL: all), $4 employee_id (NULL: all).
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
  AND ($4::text IS NULL OR s.employee_id = $4::text)
  AND (s.role IN ('pharmacist', 'technician')
       OR s.store_number IN (SELECT st.store_number FROM public.stores AS st
                             WHERE NOT st.is_active))
ORDER BY s.store_number
