-- The tables as newstally made them before schema versions were recorded (schema version 1).
CREATE TABLE IF NOT EXISTS documents (
  "doc_id" VARCHAR NOT NULL,
  "source" VARCHAR NOT NULL,
  "title" VARCHAR,
  "published" VARCHAR,
  "url" VARCHAR,
  "text" VARCHAR NOT NULL,
  "n_chars" BIGINT NOT NULL,
  "n_sentences" BIGINT NOT NULL,
  "pipeline_version" VARCHAR NOT NULL,
  "batch_id" VARCHAR NOT NULL,
  "ingested_at" TIMESTAMPTZ NOT NULL,
  "run_id" VARCHAR NOT NULL,
  PRIMARY KEY (doc_id)
);
CREATE TABLE IF NOT EXISTS sentences (
  "doc_id" VARCHAR NOT NULL,
  "sentence_idx" INTEGER NOT NULL,
  "start_char" BIGINT NOT NULL,
  "end_char" BIGINT NOT NULL,
  "text" VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
  "doc_id" VARCHAR NOT NULL,
  "sentence_idx" INTEGER NOT NULL,
  "start_char" BIGINT NOT NULL,
  "end_char" BIGINT NOT NULL,
  "text" VARCHAR NOT NULL,
  "label" VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
  "claim_id" VARCHAR NOT NULL,
  "doc_id" VARCHAR NOT NULL,
  "sentence_idx" INTEGER NOT NULL,
  "sentence" VARCHAR NOT NULL,
  "start_char" BIGINT NOT NULL,
  "end_char" BIGINT NOT NULL,
  "surface" VARCHAR NOT NULL,
  "value" DOUBLE NOT NULL,
  "value_low" DOUBLE,
  "value_high" DOUBLE,
  "qualifier" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL,
  "unit" VARCHAR,
  "object" VARCHAR,
  "predicate" VARCHAR,
  "category" VARCHAR,
  "time_text" VARCHAR,
  "place" VARCHAR,
  "attributed_to" VARCHAR
);
CREATE TABLE IF NOT EXISTS sources (
  "doc_id" VARCHAR NOT NULL,
  "source" VARCHAR NOT NULL,
  "run_id" VARCHAR NOT NULL,
  PRIMARY KEY (doc_id, source)
);
CREATE TABLE IF NOT EXISTS runs (
  "run_id" VARCHAR NOT NULL,
  "started_at" TIMESTAMPTZ NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "status" VARCHAR NOT NULL,
  "sources" VARCHAR,
  "pipeline_version" VARCHAR NOT NULL,
  "documents_seen" BIGINT,
  "documents_new" BIGINT,
  "documents_skipped" BIGINT,
  "documents_rejected" BIGINT,
  "sentences" BIGINT,
  "entities" BIGINT,
  "claims" BIGINT,
  "message" VARCHAR,
  PRIMARY KEY (run_id)
);
CREATE TABLE IF NOT EXISTS rejects (
  "source" VARCHAR NOT NULL,
  "reason" VARCHAR NOT NULL,
  "detail" VARCHAR,
  "run_id" VARCHAR NOT NULL,
  "at" TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source)
);
CREATE OR REPLACE VIEW figures AS
SELECT
  c.claim_id, c.value, c.value_low, c.value_high, c.qualifier, c.kind, c.unit,
  c.object, c.predicate, c.category, c.time_text, c.place, c.attributed_to,
  c.surface, c.sentence, d.title, d.source, d.published, d.url, c.doc_id, c.sentence_idx
FROM claims c
JOIN documents d USING (doc_id);
