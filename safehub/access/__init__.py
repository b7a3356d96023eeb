"""The access policy: the one road to personal data (need to know, enforced in one place)."""
