"""SQL views over the warehouse tables, for analysts."""

VIEWS = {
    "figures": """
CREATE OR REPLACE VIEW figures AS
SELECT
  c.claim_id, sc.series_id, c.value, c.value_low, c.value_high, c.qualifier, c.kind, c.unit,
  c.object, c.predicate, c.category, c.direction, c.time_text, c.time_start, c.time_end, c.place, c.country,
  c.place_lat, c.place_lon, c.attributed_to, c.surface, c.sentence, d.title, d.source, d.published,
  d.published_at, d.url, c.doc_id, c.sentence_idx, c.start_char, c.end_char
FROM claims c
JOIN documents d USING (doc_id)
LEFT JOIN series_claims sc USING (claim_id)
""",
    "series_timeline": """
CREATE OR REPLACE VIEW series_timeline AS
SELECT
  sc.series_id, s.label, d.published_at, c.value, c.qualifier, c.value_low, c.value_high, c.unit,
  c.attributed_to, c.time_text, c.time_start, c.surface, c.sentence, d.title, d.source, c.claim_id, c.doc_id,
  c.start_char
FROM series_claims sc
JOIN series s USING (series_id)
JOIN claims c ON c.claim_id = sc.claim_id
JOIN documents d ON d.doc_id = c.doc_id
""",
}
