from cities.cache import city_cache_bump, city_cached


def test_a_city_list_is_built_once_per_city_version():
    built = []
    for _ in range(2):
        city_cached(7, "bodies", lambda: built.append(1) or ["Council"])
    assert built == [1]


def test_a_change_to_the_city_makes_its_lists_build_again():
    city_cached(8, "bodies", lambda: ["Council"])
    city_cache_bump(city_id=8)
    assert city_cached(8, "bodies", lambda: ["Council", "Parks Board"]) == ["Council", "Parks Board"]


def test_each_city_keeps_its_own_lists():
    city_cached(9, "bodies", lambda: ["Council of nine"])
    assert city_cached(10, "bodies", lambda: ["Council of ten"]) == ["Council of ten"]
