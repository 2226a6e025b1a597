"""Date and time formats that replace Django's per language (FORMAT_MODULE_PATH); what is not set
here falls back to Django's own."""
