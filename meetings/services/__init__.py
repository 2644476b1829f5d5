"""Writes of meetings' tables: meetings, agenda items and their documents (`meetings`), minutes documents and
their text (`minutes`), and minutes pages in bulk (`pages`). Every other app writes these tables through here."""
