-- The first and last shift dates within the margins of the requested range.
SELECT min(s.date) AS first_date,
       max(s.date) AS last_date
FROM public.store_schedules AS s
WHERE ($1::date IS NULL OR s.date >= $1::date - 7)
  AND ($2::date IS NULL OR s.date <= $2::date + 7)
