-- Each employee's type and status. $1 employee_id (NULL: all), $2 store_number (NULL: all; else
-- the employees with a shift at that store).
SELECT c.employee_id,
       c.employee_type,
       c.status
FROM public.contacts AS c
WHERE ($1::text IS NULL OR c.employee_id = $1::text)
  AND ($2::int IS NULL OR c.employee_id = ANY (ARRAY(
          SELECT DISTINCT x.employee_id
          FROM public.store_schedules AS x
          WHERE x.store_number = $2::int)))
