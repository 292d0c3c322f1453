-- Text search through an index: a trigram index (pg_trgm) over a trace's name and the first
-- 2,000 characters of its input and output, which ILIKE '%text%' uses. Where the database user
-- may not create the extension, the index is left out and searches read the traces as before.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX traces_text ON traces USING gin ((name || ' ' || COALESCE(left(input, 2000), '')
    || ' ' || COALESCE(left(output, 2000), '')) gin_trgm_ops);
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'nora: no trigram index for text search (%); searches read the traces instead', SQLERRM;
END
$$;
