"""The web shell: layout, sign-in, home page and shared UI components."""
