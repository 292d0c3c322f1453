-- Text search through an index: a trigram index over a trace's name and the first 2,000
-- characters of its input and output, so that a search finds the same substrings LIKE did,
-- without reading every trace. Contentless: the texts stay in traces only.
CREATE VIRTUAL TABLE traces_text USING fts5(name, input, output, content='', contentless_delete=1,
  tokenize='trigram');

INSERT INTO traces_text (rowid, name, input, output)
SELECT rowid, name, substr(input, 1, 2000), substr(output, 1, 2000) FROM traces;

CREATE TRIGGER traces_text_insert AFTER INSERT ON traces BEGIN
  INSERT INTO traces_text (rowid, name, input, output)
  VALUES (new.rowid, new.name, substr(new.input, 1, 2000), substr(new.output, 1, 2000));
END;

CREATE TRIGGER traces_text_update AFTER UPDATE OF name, input, output ON traces
WHEN old.name IS NOT new.name OR old.input IS NOT new.input OR old.output IS NOT new.output BEGIN
  DELETE FROM traces_text WHERE rowid = old.rowid;
  INSERT INTO traces_text (rowid, name, input, output)
  VALUES (new.rowid, new.name, substr(new.input, 1, 2000), substr(new.output, 1, 2000));
END;

CREATE TRIGGER traces_text_delete AFTER DELETE ON traces BEGIN
  DELETE FROM traces_text WHERE rowid = old.rowid;
END;
