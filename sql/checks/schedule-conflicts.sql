-- How many rows the conflict detector returns, and the first five of them as JSON. The
-- placeholder after FROM becomes the schema-qualified call of detect_schedule_conflicts(),
-- found by name in the catalog, or the conflicts statement itself in parentheses.
SELECT count(*) OVER () AS total,
       to_jsonb(c) AS example
FROM @CALL@ AS c
LIMIT 5
