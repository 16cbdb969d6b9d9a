-- How many rows the conflict detector returns, and the first five of them as JSON. @CALL@ is
-- the schema-qualified call of detect_schedule_conflicts(), found by name in the catalog.
SELECT count(*) OVER () AS total,
       to_jsonb(c) AS example
FROM @CALL@ AS c
LIMIT 5
