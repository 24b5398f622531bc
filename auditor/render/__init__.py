"""Renderers: one module per output; `write_outputs` writes them all into the output folder."""
