"""The TrueType fonts shipped with the room server: DejaVu Sans, regular and bold
(Bitstream Vera / DejaVu licence, free to redistribute: ``LICENSE-DejaVu.txt``).

They cover Latin, Latin Extended and Vietnamese, so every pupil's name prints exactly
(Şahin, Nguyễn, Łukasz, Ørsted) on the printed documents and in the demo pack's images.
"""

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent
REGULAR = FONTS_DIR / "DejaVuSans.ttf"
BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
