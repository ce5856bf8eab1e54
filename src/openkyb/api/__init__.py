"""HTTP API: thin routes over the services, RFC 9457 problems for every error."""
