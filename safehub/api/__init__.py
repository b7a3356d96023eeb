"""The REST API (v1): people through the access policy, and expiring API tokens."""
