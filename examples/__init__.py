"""The bundled example fleet; installed as auditor.shipped_examples."""
