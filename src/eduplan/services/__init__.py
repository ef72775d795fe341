"""Use cases shared by the CLI and the web: keyword-only arguments, flush but never commit."""
