"""The line convention shared by the text writers (PDF, ODT, DOCX).

Each input line is one block: ``"# Title"`` a level-1 heading (``"##"`` level 2, ``"###"``
level 3), ``"- item"`` a bullet-list item, anything else a body paragraph (``""`` an empty one).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One block of a text document."""

    kind: str  # "heading", "bullet" or "paragraph"
    text: str
    level: int = 0  # heading level 1..3, 0 otherwise


def parse_blocks(lines: list[str]) -> list[Block]:
    """Split lines into headings, bullet items and paragraphs following the convention above."""
    blocks = []
    for line in lines:
        for level in (3, 2, 1):
            prefix = "#" * level + " "
            if line.startswith(prefix):
                blocks.append(Block("heading", line[len(prefix):], level))
                break
        else:
            if line.startswith("- "):
                blocks.append(Block("bullet", line[2:]))
            else:
                blocks.append(Block("paragraph", line))
    return blocks
