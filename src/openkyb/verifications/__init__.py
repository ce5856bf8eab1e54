"""Verifications: orchestration (pure) and persistence (service)."""
