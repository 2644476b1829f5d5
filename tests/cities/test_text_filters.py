from types import SimpleNamespace

from cities.templatetags.text import clip, options


def test_clip_keeps_a_short_text_whole():
    assert clip("Budget hearing", 20) == "Budget hearing"


def test_clip_cuts_a_long_text_to_its_length_with_an_ellipsis():
    clipped = clip("An ordinance amending the zoning code", 12)
    assert clipped == "An ordinanc\u2026"
    assert len(clipped) == 12


def test_clip_of_nothing_is_empty():
    assert clip(None, 10) == ""


def test_options_select_the_chosen_value():
    assert options(["Ordinance", "Resolution"], "Resolution") == (
        '<option value="Ordinance">Ordinance</option><option value="Resolution" selected>Resolution</option>'
    )


def test_options_read_value_and_label_from_the_attributes_named():
    body = SimpleNamespace(id=7, name="Parks Board")
    assert options([body], 7, value="id", label="name") == '<option value="7" selected>Parks Board</option>'


def test_options_escape_values_and_labels_from_the_source():
    html = options(['"><script>x</script>'], None)
    assert "<script>" not in html and "&lt;script&gt;" in html and 'value="&quot;&gt;' in html
