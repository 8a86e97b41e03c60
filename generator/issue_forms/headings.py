"""Find each question's answer in an issue body whose headings the submitter may have edited.

GitHub writes every answer under ``### Label`` and nothing else: the ids of a form's
elements never reach the body (GitHub's own IssueOps parser maps the headings back to
ids through the template's labels too), and a marker hidden in a label would be
shown in the form, spoken by screen readers, or lost with the very heading a
submitter retypes. So the headings are matched by their words, in four steps:

1. **exact**: the label, ignoring case, accents, punctuation and spacing. A label
   written more than once (a ``### Title`` line typed inside a later answer) is the
   occurrence that fits the order of the others: the last one after the question
   before it and before the question after it, as GitHub wrote them.
2. **near**: a few letters changed, words added around the label ("Title of the
   innovation"), or some of its words left out ("Organisation website": only where
   that question is missing, between its neighbours).
3. **by position**: one unrecognised heading where exactly one question is missing
   between two recognised ones (after a body section, only a required one: there it
   may be a sub-heading). This is a guess, so the submitter is asked to confirm it
   (:attr:`Found.how` is ``"position"``).
4. the rest are **stray** headings: kept as the submitter's Markdown inside a body
   section, else not read (a plain answer ends where one starts).

Sections may come in any order. Only ``###`` lines are headings (GitHub's level),
and the work is bounded: at most :data:`MAX_FUZZY` distinct heading texts of at most
:data:`MAX_HEADING_CHARS` characters are compared letter by letter.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from generator.issue_forms.parse import clean
from generator.issue_forms.spec import Form, Question

#: Distinct unrecognised heading texts compared letter by letter; an honest form has
#: about forty headings, and anything past this is a paste, not an edit.
MAX_FUZZY = 200
#: A heading longer than this is not a renamed label.
MAX_HEADING_CHARS = 200
#: Words a near heading may add around a label ("Title of the innovation").
MAX_ADDED_WORDS = 4
#: Letter similarity (difflib's ratio) from which a heading is the label misspelt.
NEAR_RATIO = 0.8
#: Letters a misspelt heading may have more or fewer than its label.
MAX_LETTERS_CHANGED = 3
#: A score from which a near heading is its question wherever it is; below (words of the
#: label left out), only where that question is missing.
SURE = 0.8

# '### text' lines. No lazy '.*?' before '[ \t]*$' (quadratic on runs of spaces): the
# text is taken whole and stripped in Python.
_HEADING = re.compile(r"^###[ \t]+([^\n]*)$", re.MULTILINE)
_NOT_WORD = re.compile(r"[\W_]+")

How = Literal["exact", "near", "position"]


@dataclass(frozen=True)
class Found:
    """How a question's heading was found: ``heading`` is the text as written."""

    heading: str
    how: How


@dataclass(frozen=True)
class Stray:
    """A heading that matches no question.

    ``inside`` is the id of the question whose answer it follows (None: before the
    first question). Its text is read as part of that answer when the answer is
    Markdown (a body section may have sub-headings), and not read at all otherwise.
    ``maybe`` are the ids of the missing questions it may stand for (those between its
    recognised neighbours)."""

    heading: str
    inside: str | None
    maybe: tuple[str, ...]


@dataclass
class Reading:
    answers: dict[str, str | None]  # question id -> its answer; None when not found
    found: dict[str, Found] = field(default_factory=dict)  # question id -> its heading
    strays: list[Stray] = field(default_factory=list)
    preamble: str = ""  # text before the first recognised heading


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the '###'
    end: int  # offset of the end of the line
    text: str  # the heading's words as written, stripped


def normalised(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces: how headings compare."""
    letters = text.casefold()
    if not letters.isascii():
        decomposed = unicodedata.normalize("NFKD", letters)
        letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", letters).split())


def _in_order(short: list[str], long: list[str]) -> bool:
    """Whether ``short``'s words appear in ``long`` in the same order."""
    rest = iter(long)
    return all(word in rest for word in short)


def similarity(heading: str, label: str) -> float:
    """0 when ``heading`` (normalised) is not ``label`` (normalised) edited a little,
    else a score below 1 (1 is kept for the exact match): higher is closer."""
    if not heading or not label or len(heading) > MAX_HEADING_CHARS:
        return 0.0
    h_words, l_words = heading.split(), label.split()
    score = 0.0
    added = len(h_words) - len(l_words)
    if 0 < added <= MAX_ADDED_WORDS and _in_order(l_words, h_words):
        # Words added, best around a label kept at the start ("Title of the innovation").
        score = 0.86 - 0.01 * added + (0.05 if h_words[: len(l_words)] == l_words else 0.0)
    elif added < 0 and 2 * len(h_words) >= len(l_words) and _in_order(h_words, l_words):
        score = 0.75  # words left out ("Organisation website")
    # A few letters changed ("organization", "e-mail", "setting(s)"), spaces aside: not
    # a word cut off ("Innovation" for "Innovation type"), which the rules above judge.
    h_letters, l_letters = heading.replace(" ", ""), label.replace(" ", "")
    if abs(len(h_letters) - len(l_letters)) <= MAX_LETTERS_CHANGED:
        matcher = difflib.SequenceMatcher(None, h_letters, l_letters, autojunk=False)
        if matcher.real_quick_ratio() >= NEAR_RATIO and matcher.quick_ratio() >= NEAR_RATIO:
            ratio = matcher.ratio()
            if ratio >= NEAR_RATIO:
                score = max(score, min(ratio, 0.99))
    return score


def _heading_lines(text: str) -> list[_Line]:
    return [
        _Line(m.start(), m.end(), m[1].strip().rstrip("#").strip()) for m in _HEADING.finditer(text)
    ]


def is_markdown(question: Question) -> bool:
    """Whether the answer is Markdown the submitter may structure with headings."""
    return question.kind == "section" or (question.kind == "textarea" and not question.one_line)


def read(body: str, questions: Sequence[Question], required: Collection[str] = ()) -> Reading:
    """Each question's answer (by id), how its heading was found, and the stray headings.

    ``required`` are the ids of the questions that must be answered."""
    text = clean(body)
    lines = _heading_lines(text)
    labels = [normalised(q.heading) for q in questions]
    by_label: dict[str, int] = {}
    for index, label in enumerate(labels):
        by_label.setdefault(label, index)
    keys = [normalised(line.text) for line in lines]
    chosen = _exact(keys, by_label, len(questions))  # question index -> line index
    taken = set(chosen.values())
    how: dict[int, How] = dict.fromkeys(chosen, "exact")
    # Lines that spell a label already placed are the submitter's text, never strays.
    candidates = [i for i, key in enumerate(keys) if key not in by_label and i not in taken]
    for q, i in _near(keys, labels, candidates, chosen, len(questions)).items():
        chosen[q], how[q] = i, "near"
    taken = set(chosen.values())
    unknown = [i for i in candidates if i not in taken]
    for q, i in _by_position(unknown, chosen, questions, required).items():
        chosen[q], how[q] = i, "position"
    return _answers(text, lines, questions, chosen, how, unknown)


def _exact(keys: list[str], by_label: dict[str, int], count: int) -> dict[int, int]:
    """Question index -> line index of its exact heading, duplicates settled by order."""
    occurrences: dict[int, list[int]] = {}
    for i, key in enumerate(keys):
        q = by_label.get(key)
        if q is not None:
            occurrences.setdefault(q, []).append(i)
    chosen = {q: found[0] for q, found in occurrences.items() if len(found) == 1}
    for q in sorted((q for q, found in occurrences.items() if len(found) > 1), reverse=True):
        found = occurrences[q]
        before = [chosen[p] for p in range(q - 1, -1, -1) if p in chosen][:1]
        after = [chosen[n] for n in range(q + 1, count) if n in chosen][:1]
        low = before[0] if before else -1
        high = after[0] if after else len(keys)
        # The last occurrence between the neighbours, else the last before the next one.
        window = found[bisect.bisect_right(found, low) : bisect.bisect_left(found, high)]
        earlier = found[: bisect.bisect_left(found, high)]
        chosen[q] = (window or earlier or found)[-1]
    return chosen


def _placed(chosen: dict[int, int]) -> list[tuple[int, int]]:
    """(line index, question index) of the recognised headings, in the body's order."""
    return sorted((i, q) for q, i in chosen.items())


def _neighbours(line: int, placed: list[tuple[int, int]], count: int) -> tuple[int, int]:
    """The question indexes of the recognised headings just before and after ``line``
    (-1 and ``count`` at the ends)."""
    at = bisect.bisect_left(placed, (line, -1))
    before = placed[at - 1][1] if at > 0 else -1
    after = placed[at][1] if at < len(placed) else count
    return before, after


def _near(
    keys: list[str],
    labels: list[str],
    candidates: list[int],
    chosen: dict[int, int],
    count: int,
) -> dict[int, int]:
    """Question index -> line index for headings a little different from a free label."""
    free = [q for q in range(count) if q not in chosen]
    scores: dict[str, list[tuple[float, int]]] = {}
    for i in candidates:
        key = keys[i]
        if key in scores or len(scores) >= MAX_FUZZY:
            continue
        scores[key] = sorted(
            ((s, q) for q in free if (s := similarity(key, labels[q])) > 0), key=lambda p: -p[0]
        )
    found: dict[int, int] = {}
    # Closest first, so that a clear rename is not taken by a vaguer heading.
    order = sorted(
        (i for i in candidates if scores.get(keys[i])), key=lambda i: (-scores[keys[i]][0][0], i)
    )
    for i in order:
        low, high = _neighbours(i, _placed({**chosen, **found}), count)
        # Words left out are a weaker sign: only for a question missing just there.
        options = [
            (s, q)
            for s, q in scores[keys[i]]
            if q not in found and q not in chosen and (s >= SURE or low < q < high)
        ]
        if not options:
            continue
        best = [q for s, q in options if s == options[0][0]]
        if len(best) > 1:  # a tie: the one that fits between its neighbours, if only one does
            best = [q for q in best if low < q < high]
        if len(best) == 1:
            found[best[0]] = i
    return found


def _by_position(
    unknown: list[int],
    chosen: dict[int, int],
    questions: Sequence[Question],
    required: Collection[str],
) -> dict[int, int]:
    """A lone unrecognised heading where exactly one question is missing between two
    recognised ones (or before the first, or after the last). After a body section, a
    heading may be the submitter's own sub-heading: it is taken only for a required
    question (an optional one may have been deleted on purpose)."""
    gaps: dict[tuple[int, int], list[int]] = {}
    placed = _placed(chosen)
    for i in unknown:
        gaps.setdefault(_neighbours(i, placed, len(questions)), []).append(i)
    guessed = {}
    for (low, high), lines in gaps.items():
        missing = [q for q in range(low + 1, high) if q not in chosen]
        if len(lines) != 1 or len(missing) != 1:
            continue
        after_markdown = low >= 0 and is_markdown(questions[low])
        if not after_markdown or questions[missing[0]].id in required:
            guessed[missing[0]] = lines[0]
    return guessed


def _answers(
    text: str,
    lines: list[_Line],
    questions: Sequence[Question],
    chosen: dict[int, int],
    how: dict[int, How],
    unknown: list[int],
) -> Reading:
    placed = _placed(chosen)
    taken = {i for i, _q in placed}
    strays = [i for i in unknown if i not in taken]
    reading = Reading(answers={q.id: None for q in questions})
    for n, (i, q) in enumerate(placed):
        end = lines[placed[n + 1][0]].start if n + 1 < len(placed) else len(text)
        if not is_markdown(questions[q]):  # a stray heading ends a plain answer
            at = bisect.bisect_right(strays, i)
            if at < len(strays) and lines[strays[at]].start < end:
                end = lines[strays[at]].start
        reading.answers[questions[q].id] = text[lines[i].end : end].strip()
        reading.found[questions[q].id] = Found(lines[i].text, how[q])
    first = lines[placed[0][0]].start if placed else len(text)
    reading.preamble = text[:first].strip() if placed else ""
    for i in strays:
        low, high = _neighbours(i, placed, len(questions))
        inside = questions[low].id if low >= 0 else None
        maybe = tuple(questions[q].id for q in range(low + 1, high) if q not in chosen)
        reading.strays.append(Stray(lines[i].text, inside, maybe))
    return reading


# --- the wrong form ------------------------------------------------------------------------


def _exact_labels(body: str) -> set[str]:
    return {normalised(line.text) for line in _heading_lines(clean(body))}


def likely_form(body: str, chosen: Form, forms: Iterable[Form]) -> Form | None:
    """Another form whose questions the body answers much better than ``chosen``'s.

    Only the labels one form has and the other has not count (both ask for a title
    and scouts): the body must have at least three of the other form's own headings,
    and at least three times as many as of the chosen form's own.
    """
    written = _exact_labels(body)
    own = {normalised(q.heading) for q in chosen.questions}
    best: tuple[int, Form] | None = None
    for form in forms:
        if form.key == chosen.key:
            continue
        theirs = {normalised(q.heading) for q in form.questions}
        fits_theirs = len(written & (theirs - own))
        fits_ours = len(written & (own - theirs))
        if fits_theirs >= max(3, 3 * fits_ours) and (best is None or fits_theirs > best[0]):
            best = (fits_theirs, form)
    return best[1] if best else None
