"""The YAML mistakes people make by hand, told in plain words with the fix.

Scouts write front matter by hand or paste it from Word. A YAML parser reports
their mistakes in its own terms and where it gave up rather than where the
mistake is ("mapping values are not allowed in this context" on the line after
a non-breaking space), or not at all: a value in curly quotes publishes with
the quotes, and ``stage:proven`` is text. Here the lines around the parser's
mark are read again to name the common mistakes, each at the character that is
wrong, with the line rewritten where that is the fix:

* :mod:`.lines`: what each line is (a field, a list item, text), and where a
  list or a quoted text closes;
* :mod:`.refused`: the mistake behind a parser's error;
* :mod:`.indentation`: lines indented unlike the lines they belong with;
* :mod:`.accepted`: the mistakes YAML accepts without a word.

Only what is certain is said; anything else keeps the parser's own words. Each
check reads the lines up to the mistake a bounded number of times, with anchored
or bounded patterns, so the time is linear in the text whatever it holds.
"""

from generator.loader.yaml_mistakes.accepted import (
    CURLY_OPENERS,
    GLUED_KEY,
    after_parse,
    odd_spaced,
)
from generator.loader.yaml_mistakes.lines import Mistake
from generator.loader.yaml_mistakes.refused import diagnose

__all__ = ["CURLY_OPENERS", "GLUED_KEY", "Mistake", "after_parse", "diagnose", "odd_spaced"]
