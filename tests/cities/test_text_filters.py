from cities.templatetags.text import clip


def test_clip_keeps_a_short_text_whole():
    assert clip("Budget hearing", 20) == "Budget hearing"


def test_clip_cuts_a_long_text_to_its_length_with_an_ellipsis():
    clipped = clip("An ordinance amending the zoning code", 12)
    assert clipped == "An ordinanc\u2026"
    assert len(clipped) == 12


def test_clip_of_nothing_is_empty():
    assert clip(None, 10) == ""
