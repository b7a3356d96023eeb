"""The access app's writes, one module per subject (together they are far over the size of
a module one reads whole). Each write is named `<entity>_<verb>`, asks
`safehub.access.actions.require()` before its transaction opens and audits inside it."""
