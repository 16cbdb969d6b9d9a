-- Whether a valid, whole-table index on public.store_schedules leads with employee_id in the
-- column's own collation, so that the server can stream shifts grouped by employee from it.
SELECT EXISTS (
    SELECT 1
    FROM pg_index AS i
    JOIN pg_attribute AS a
      ON a.attrelid = i.indrelid
     AND a.attnum = i.indkey[0]
    WHERE i.indrelid = 'public.store_schedules'::regclass
      AND a.attname = 'employee_id'
      AND i.indisvalid
      AND i.indpred IS NULL
      AND i.indcollation[0] = a.attcollation
)
