-- The settings that change plans or their timing, recorded in baselines.
SELECT name,
       setting
FROM pg_catalog.pg_settings
WHERE name LIKE 'enable\_%'
   OR name IN (
       'work_mem', 'random_page_cost', 'seq_page_cost', 'effective_cache_size',
       'shared_buffers', 'cpu_tuple_cost', 'cpu_index_tuple_cost', 'cpu_operator_cost',
       'effective_io_concurrency', 'default_statistics_target', 'jit',
       'max_parallel_workers_per_gather', 'plan_cache_mode', 'from_collapse_limit',
       'join_collapse_limit', 'geqo_threshold'
   )
ORDER BY name;
