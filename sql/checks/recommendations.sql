-- Every row of get_performance_recommendations() as JSON. @CALL@ is the schema-qualified call,
-- found by name in the catalog.
SELECT to_jsonb(r) AS recommendation
FROM @CALL@ AS r
