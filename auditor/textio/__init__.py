"""Text and file plumbing every reader shares, with no knowledge of any export format: input files (folders,
ZIP members, hashing), the read context, CSV tables, lines and byte spans, JSON streaming, XML records,
timestamps, and safe YAML loading."""
