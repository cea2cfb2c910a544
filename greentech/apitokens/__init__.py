"""Personal API tokens: revocable, scoped, stored hashed, for machine clients of the API."""
