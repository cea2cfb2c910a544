"""What operators watch: request ids in logs and tasks, JSON logs, Prometheus metrics, and
optional error reporting to a Sentry-compatible service."""
