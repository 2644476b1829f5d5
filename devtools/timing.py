"""What the benchmark commands report of a list of timings."""


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank below (of 20 runs, the 19th slowest), to 0.01."""
    ordered = sorted(values)
    return round(ordered[int(0.95 * (len(ordered) - 1))], 2)
