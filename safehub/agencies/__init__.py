"""Agencies, their users and roles."""
