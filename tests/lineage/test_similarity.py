"""How alike two elements' words are: rewordings score high, different subjects low."""

from __future__ import annotations

from civicplan.lineage.similarity import Ranker, document, words


def test_words_forgive_tense_apostrophes_and_punctuation():
    assert words("Accelerate housing delivery to meet London's needs.") == words(
        "Accelerating housing delivery to meet London’s needs"
    )
    assert words("Deliver fair levels of funding") == words("Delivering fair levels of funding")


def rank(title: str, candidates: list[str]):
    mine = document("mine", title)
    others = [document(c, c) for c in candidates]
    return Ranker([mine, *others]).ranked(mine, others, limit=len(candidates))


def test_a_reworded_priority_ranks_first_and_scores_high():
    ranked = rank(
        "Accelerate housing delivery to meet London's needs, with the right mix of homes.",
        [
            "Ensuring Londoners live in safe, good quality and fit for purpose homes",
            "Accelerating housing delivery to meet London’s needs, with the right mix of homes",
            "Developing solutions to address homelessness in London",
        ],
    )
    assert ranked[0].key.startswith("Accelerating housing delivery")
    assert ranked[0].score >= 0.9
    assert all(r.score < 0.5 for r in ranked[1:])


def test_nothing_in_common_scores_nothing():
    assert rank("Freedom Pass", ["Climate change programmes"]) == []


def test_an_element_without_words_has_no_matches():
    assert rank("", ["Freedom Pass"]) == []
