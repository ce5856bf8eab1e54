"""Gateway: tenants, API keys and (later) per-tenant policies at the edge."""
