"""SQL views over the warehouse tables, for analysts."""

VIEWS = {
    "figures": """
CREATE OR REPLACE VIEW figures AS
SELECT
  c.claim_id, c.value, c.value_low, c.value_high, c.qualifier, c.kind, c.unit,
  c.object, c.predicate, c.category, c.time_text, c.place, c.attributed_to,
  c.surface, c.sentence, d.title, d.source, d.published, d.url, c.doc_id, c.sentence_idx
FROM claims c
JOIN documents d USING (doc_id)
""",
}
