"""Development tools: `make bench`, `make eval`, `make docs`. Not part of the installed package."""
