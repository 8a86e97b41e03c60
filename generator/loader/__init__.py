"""Reading content files: strict YAML, front matter, the content folder walk."""

from generator.loader.content import ContentSet, Entry, load_content

__all__ = ["ContentSet", "Entry", "load_content"]
