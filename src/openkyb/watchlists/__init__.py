"""Watchlist datasets in the database: loading versions, diffs, and reading entities back."""
