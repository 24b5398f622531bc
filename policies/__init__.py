"""Shipped policy packs and app catalog (YAML); installed as auditor.shipped_policies."""
