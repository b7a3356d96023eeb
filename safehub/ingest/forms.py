"""Forms of the import pages."""

from __future__ import annotations

from django import forms


class ExtractUploadForm(forms.Form):
    """An exchange-format extract folder, zipped; the import service decides what it accepts."""

    extract = forms.FileField(
        label="Upload an extract",
        help_text="A .zip of one exchange-format extract folder (manifest.json and its CSV files).",
        error_messages={
            "required": "Select a .zip file of the extract",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be read: choose it again",
            "missing": "Select a .zip file of the extract",
        },
    )
