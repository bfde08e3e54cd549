"""How close an imported plan is to a reviewed one: elements matched by their words, not ids.

For each element kind, imported and reviewed elements of that kind are paired greedily by
text similarity (the better of title-to-title and whole-text-to-whole-text, at least 0.8),
one to one. Precision is the share of imported elements paired, recall the share of
reviewed ones, F1 their harmonic mean.

Date accuracy: of the paired elements of a kind, the share whose date words and normalised
start and end agree with the reviewed plan (no date on both sides agrees).
Link accuracy: over paired elements with links on either side, the correct links (whose
target is paired with the reviewed link's target) divided by the larger of the two link
counts, summed over elements.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

THRESHOLD = 0.8
_KEY = re.compile(r"[^a-z0-9]+")


def _norm(text: str) -> str:
    return _KEY.sub(" ", (text or "").lower().replace("&", " and ")).strip()


def _full(element: dict) -> str:
    title, text = element.get("title") or "", element.get("text") or ""
    if not text:
        return _norm(title)
    if _norm(text).startswith(_norm(title)[: max(10, len(_norm(title)) // 2)]):
        return _norm(text)
    return _norm(f"{title} {text}")


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return 0.0
    return matcher.ratio()


def _jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: dict, b: dict) -> float:
    return max(_ratio(_norm(a.get("title")), _norm(b.get("title"))), _ratio(_full(a), _full(b)))


@dataclass
class KindScore:
    kind: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    dates_checked: int = 0
    dates_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_right / self.dates_checked if self.dates_checked else None


@dataclass
class Score:
    kinds: dict[str, KindScore] = field(default_factory=dict)
    links_right: int = 0
    links_total: int = 0
    pairs: dict[str, str] = field(default_factory=dict)  # imported id -> reviewed id
    unmatched_gold: list[dict] = field(default_factory=list)
    unmatched_predicted: list[dict] = field(default_factory=list)
    date_errors: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def link_accuracy(self) -> float | None:
        return self.links_right / self.links_total if self.links_total else None

    def add(self, other: Score) -> None:
        for kind, score in other.kinds.items():
            mine = self.kinds.setdefault(kind, KindScore(kind))
            mine.gold += score.gold
            mine.predicted += score.predicted
            mine.matched += score.matched
            mine.dates_checked += score.dates_checked
            mine.dates_right += score.dates_right
        self.links_right += other.links_right
        self.links_total += other.links_total
        self.unmatched_gold += other.unmatched_gold
        self.unmatched_predicted += other.unmatched_predicted
        self.date_errors += other.date_errors


def _date_key(element: dict) -> tuple:
    return (_norm(element.get("date_text") or ""), element.get("start"), element.get("end"))


def compare(predicted: dict, gold: dict) -> Score:
    score = Score()
    by_kind_p: dict[str, list[dict]] = defaultdict(list)
    by_kind_g: dict[str, list[dict]] = defaultdict(list)
    for element in predicted.get("elements", []):
        by_kind_p[element["kind"]].append(element)
    for element in gold.get("elements", []):
        by_kind_g[element["kind"]].append(element)
    gold_by_id = {e["id"]: e for e in gold.get("elements", [])}
    for kind in sorted(set(by_kind_p) | set(by_kind_g)):
        ps, gs = by_kind_p.get(kind, []), by_kind_g.get(kind, [])
        ks = KindScore(kind, gold=len(gs), predicted=len(ps))
        candidates = []
        p_keys = [(_norm(p.get("title")), _full(p)) for p in ps]
        g_keys = [(_norm(g.get("title")), _full(g)) for g in gs]
        g_tokens = [(set(t.split()), set(f.split())) for t, f in g_keys]
        for i, (pt, pf) in enumerate(p_keys):
            pts, pfs = set(pt.split()), set(pf.split())
            for j, (gt, gf) in enumerate(g_keys):
                gts, gfs = g_tokens[j]
                # Words in common first: a pair sharing few words cannot reach the threshold.
                if _jaccard(pts, gts) < 0.5 and _jaccard(pfs, gfs) < 0.5:
                    continue
                s = max(_ratio(pt, gt), _ratio(pf, gf))
                if s >= THRESHOLD:
                    candidates.append((s, -abs(i - j), i, j))
        candidates.sort(reverse=True)
        used_p, used_g = set(), set()
        for s, _, i, j in candidates:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            score.pairs[ps[i]["id"]] = gs[j]["id"]
            ks.matched += 1
            ks.dates_checked += 1
            if _date_key(ps[i]) == _date_key(gs[j]):
                ks.dates_right += 1
            else:
                score.date_errors.append((ps[i], gs[j]))
        score.unmatched_gold += [g for j, g in enumerate(gs) if j not in used_g]
        score.unmatched_predicted += [p for i, p in enumerate(ps) if i not in used_p]
        score.kinds[kind] = ks
    predicted_by_id = {e["id"]: e for e in predicted.get("elements", [])}
    for pid, gid in score.pairs.items():
        p_links = {(link["type"], score.pairs.get(link["target"], "?" + link["target"]))
                   for link in predicted_by_id[pid]["links"]}
        g_links = {(link["type"], link["target"]) for link in gold_by_id[gid]["links"]}
        if not p_links and not g_links:
            continue
        score.links_right += len(p_links & g_links)
        score.links_total += max(len(p_links), len(g_links))
    return score


def format_table(rows: list[tuple[str, Score]], kinds: list[str] | None = None) -> str:
    """A plain-text table: one block per source, precision/recall/F1 per kind, dates and links."""
    lines = []
    for name, score in rows:
        lines.append(name)
        lines.append(f"  {'kind':<20}{'reviewed':>9}{'imported':>9}{'matched':>9}{'precision':>11}{'recall':>8}{'F1':>7}{'dates':>8}")
        shown = kinds or sorted(score.kinds)
        for kind in shown:
            ks = score.kinds.get(kind)
            if ks is None or (not ks.gold and not ks.predicted):
                continue
            dates = "" if ks.date_accuracy is None else f"{ks.date_accuracy:.3f}"
            lines.append(
                f"  {kind:<20}{ks.gold:>9}{ks.predicted:>9}{ks.matched:>9}{ks.precision:>11.3f}"
                f"{ks.recall:>8.3f}{ks.f1:>7.3f}{dates:>8}"
            )
        link = score.link_accuracy
        lines.append(f"  link accuracy: {'n/a' if link is None else f'{link:.3f}'} ({score.links_right}/{score.links_total})")
        lines.append("")
    return "\n".join(lines)


@dataclass
class CorpusScore:
    """A corpus document's figures: elements found with the right kind, and of those the
    share with start and end right, parent right and links right; precision over all imported."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    dates_right: int = 0
    parents_right: int = 0
    links_right: int = 0
    links_total: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def dates(self) -> float:
        return self.dates_right / self.matched if self.matched else 0.0

    @property
    def parents(self) -> float:
        return self.parents_right / self.matched if self.matched else 0.0

    @property
    def links(self) -> float:
        return self.links_right / self.links_total if self.links_total else 1.0

    def add(self, other: CorpusScore) -> None:
        for name in ("gold", "predicted", "matched", "dates_right", "parents_right", "links_right", "links_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def corpus_score(predicted: dict, gold: dict) -> CorpusScore:
    """Score one corpus document. Kinds must agree for a pair (as in `compare`); a date is
    right when start and end agree; a parent when the imported parent is paired with the
    reviewed parent (or both are top level)."""
    score = compare(predicted, gold)
    out = CorpusScore(gold=len(gold.get("elements", [])), predicted=len(predicted.get("elements", [])),
                      matched=len(score.pairs), links_right=score.links_right, links_total=score.links_total)
    predicted_by_id = {e["id"]: e for e in predicted.get("elements", [])}
    gold_by_id = {e["id"]: e for e in gold.get("elements", [])}
    for pid, gid in score.pairs.items():
        p, g = predicted_by_id[pid], gold_by_id[gid]
        if (p.get("start"), p.get("end")) == (g.get("start"), g.get("end")):
            out.dates_right += 1
        p_parent = score.pairs.get(p["parent"]) if p.get("parent") else None
        if p_parent == g.get("parent"):
            out.parents_right += 1
    return out


def format_corpus_table(rows: list[tuple[str, CorpusScore]]) -> str:
    """One line per document and a last line for the whole corpus."""
    head = f"{'document':<44}{'reviewed':>9}{'imported':>9}{'recall':>8}{'dates':>7}{'parents':>8}{'links':>7}{'precision':>10}"
    lines = [head]
    for name, s in rows:
        lines.append(f"{name[:43]:<44}{s.gold:>9}{s.predicted:>9}{s.recall:>8.3f}{s.dates:>7.3f}"
                     f"{s.parents:>8.3f}{s.links:>7.3f}{s.precision:>10.3f}")
    return "\n".join(lines)
