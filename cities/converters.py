"""The `<city:city_key>` path converter every app's city URLs use (registered by cities' AppConfig)."""


class CityKeyConverter:
    """A city key as typed: letters in either case (the lookup lower-cases it), digits, '-' and '_'."""

    regex = r"[A-Za-z][A-Za-z0-9_-]{1,49}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
