"""The topic space the learned off-topic detector reads (healthlint/language/topicspace.py)."""
from __future__ import annotations

from collections import Counter

import numpy as np

from healthlint.core.phrases import stem
from healthlint.language.topic import stem as term_of
from healthlint.language.topicspace import load_space, save_space


def test_saved_space_loads_back_exactly(tmp_path, monkeypatch):
    terms = ["insulin", "glucose", "sneez", "café"]
    idf = np.array([1.5, 2.0, 3.25, 0.5], dtype=np.float32)
    rows = np.arange(4 * 3, dtype=np.float32).reshape(4, 3) / 7
    health = np.array([True, True, False, False])
    target = tmp_path / "space.npz"
    save_space(target, terms, idf, rows, health)

    class Files:
        def joinpath(self, name):
            return target

    monkeypatch.setattr("healthlint.language.topicspace.resources.files", lambda package: Files())
    load_space.cache_clear()
    try:
        space = load_space()
    finally:
        load_space.cache_clear()
    assert list(space.index) == terms
    assert space.rows.dtype == np.float16 and space.rows_of(np.array([1])).dtype == np.float32
    np.testing.assert_array_equal(space.rows_of(np.arange(4)), rows.astype(np.float16).astype(np.float32))
    np.testing.assert_array_equal(space.idf, idf.astype(np.float16).astype(np.float32))
    assert space.health.tolist() == health.tolist()
    assert space.idf_ceiling == 3.25
    assert space.coverage(Counter({"insulin": 2, "sneez": 2})) == 0.5


def test_shipped_space_knows_health_words_and_keeps_related_ones_close():
    space = load_space()
    terms = [stem(word) for word in ("insulin", "diabetes", "guitar")]
    assert None not in [space.lookup(term) for term in terms]
    insulin, diabetes, guitar = (space.vector(Counter({term: 1})) for term in terms)
    assert float(insulin @ diabetes) > float(insulin @ guitar)


def test_domain_odds_tell_health_words_from_words_of_other_walks_of_life():
    space = load_space()
    health = space.domain_odds([term_of(w) for w in ("biopsy", "symptoms", "medicine")])
    elsewhere = space.domain_odds([term_of(w) for w in ("league", "county", "football")])
    assert min(health) > 0.5 and max(elsewhere) < -0.5
    assert space.domain_odds(["zzxqword"]) == [0.0]  # a term the space does not know says nothing
