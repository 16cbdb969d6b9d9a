-- Which of the columns the schedule rules read exist in the public schema.
SELECT c.table_name::text,
       c.column_name::text
FROM information_schema.columns AS c
WHERE c.table_schema = 'public'
  AND c.table_name IN ('store_schedules', 'stores', 'contacts')
