"""The read-only JSON API of council data: one city per list, cursor pages, strict filters, key-or-address
throttles (cities.api_base). `council` (cities, members, bodies, memberships), `records` (meetings, items,
votes, member votes), `legislation` (matters with sponsors, history and attachments)."""
