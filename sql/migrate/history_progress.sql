UPDATE pharmctl.migrations
SET statements_done = $2
WHERE version = $1
