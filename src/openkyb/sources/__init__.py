"""Watchlist sources: parse each publisher's official files into the common entity model."""
