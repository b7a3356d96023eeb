"""Safehub: the information system of a multi-agency complex safeguarding hub."""
