"""The access policy: the one road to personal data (need to know, enforced in one place).

The app's shape:

- `models` — case teams (people, sharing bases, notes), break-glass, access requests,
  set-up codes;
- `policy` — who *sees* which fact (and its database filters); `actions` — who may *do*
  what (`require()` before every change), over the `targets` it is asked about;
- `queries` — every read behind the app's pages, through the policy, audited;
- `services` — the writes, a package of one module per subject, because together they
  are far over the size of a module one reads whole: `agreements`, `cases`,
  `access_requests`, `break_glass`, `accounts` (disabling, passwords, second factor,
  set-up codes) and `registration` (agencies, users, hub-wide roles). Each write is
  named `<entity>_<verb>`, asks `actions.require()` before its transaction opens and
  audits inside it;
- `views`, `forms`, `urls` — the pages: parse, call a query or a write, render.
"""
