"""Writes of 311's tables: requests and their history (`requests`), Open311 clients' access (`clients`),
imports of other jurisdictions' feeds (`feeds`)."""
