-- Retention deletes the oldest traces first, a small batch at a time, across projects: an index
-- that leads with time.
CREATE INDEX traces_start ON traces (start_us);

-- Counts and costs that no call can have, left by clients before the server checked them (a
-- total of 2^63-1 made every sum of its project overflow): unknown rather than absurd.
UPDATE spans SET input_tokens = NULL WHERE input_tokens < 0 OR input_tokens > 1000000000;
UPDATE spans SET output_tokens = NULL WHERE output_tokens < 0 OR output_tokens > 1000000000;
UPDATE spans SET total_tokens = NULL WHERE total_tokens < 0 OR total_tokens > 1000000000;
UPDATE spans SET cached_tokens = NULL WHERE cached_tokens < 0 OR cached_tokens > 1000000000;
UPDATE spans SET reasoning_tokens = NULL WHERE reasoning_tokens < 0 OR reasoning_tokens > 1000000000;
UPDATE spans SET cost = NULL WHERE cost < 0 OR cost > 1000000;
UPDATE traces SET set_cost = NULL WHERE set_cost < 0 OR set_cost > 1000000;
UPDATE traces SET set_latency = NULL WHERE set_latency < 0 OR set_latency > 10000000;

-- The traces whose totals those reached, summed again from what is left.
UPDATE traces SET
  input_tokens = COALESCE((SELECT SUM(s.input_tokens) FROM spans s WHERE s.project_id = traces.project_id
    AND s.trace_id = traces.id AND s.type IN ('generation', 'embedding')), 0),
  output_tokens = COALESCE((SELECT SUM(s.output_tokens) FROM spans s WHERE s.project_id = traces.project_id
    AND s.trace_id = traces.id AND s.type IN ('generation', 'embedding')), 0),
  total_tokens = COALESCE((SELECT SUM(s.total_tokens) FROM spans s WHERE s.project_id = traces.project_id
    AND s.trace_id = traces.id AND s.type IN ('generation', 'embedding')), 0),
  cost = (SELECT SUM(s.cost) FROM spans s WHERE s.project_id = traces.project_id
    AND s.trace_id = traces.id AND s.type IN ('generation', 'embedding'))
WHERE input_tokens < 0 OR input_tokens > 1000000000000 OR output_tokens < 0
  OR output_tokens > 1000000000000 OR total_tokens < 0 OR total_tokens > 1000000000000
  OR cost < 0 OR cost > 1000000000;
