"""The extractor's version: part of every document's pipeline version."""

# Bump on any change to what the transforms produce: documents analysed under another version are
# analysed again, and cached task results of another version are never reused.
EXTRACTOR_VERSION = "claims-5"  # 5: values without float noise (transforms/quantities.py: _clean)
