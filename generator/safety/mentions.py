"""Text GitHub shows but never acts on: no @mention, #reference or email autolink.

GitHub looks for mentions and references in the *rendered* text, after entities are
decoded, so ``&#64;`` alone still pings. U+2060 WORD JOINER (invisible) after the
character breaks them. Every bot text that quotes untrusted words uses these: the
issue-form bot's replies and the pull request's comment and report tables.
"""

from __future__ import annotations

#: U+2060 WORD JOINER, as an entity.
JOINER = "&#8288;"
#: An ``@`` that can start neither a mention nor an email autolink.
AT = "&#64;" + JOINER
#: A ``#`` that cannot start a reference (``#12``, ``o/r#3``).
HASH = "&#35;" + JOINER
