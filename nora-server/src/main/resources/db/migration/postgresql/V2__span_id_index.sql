-- A span found by its own id within a project, whatever its trace: the original Nora client
-- delivers a call twice (as an execution of its group's trace, and again in a POST /v1 batch)
-- and the second delivery must find the first.
CREATE INDEX spans_id ON spans (project_id, id);
