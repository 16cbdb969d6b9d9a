-- Each employee's type and status. $1 employee_id (NULL: all).
SELECT c.employee_id,
       c.employee_type,
       c.status
FROM public.contacts AS c
WHERE ($1::text IS NULL OR c.employee_id = $1::text)
