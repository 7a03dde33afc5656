"""The PC checker ("Crash-test"): proves, PC by PC, that a room can run the certification.

Two halves share this package:

* the **host agent** (``agent``, ``detect``, ``catalogue``, ``hostchecks``, ``discovery``):
  standard library only (psutil and zeroconf when present), shipped to room PCs as a single
  ``.pyz`` file (``pyz``) and run as ``roomserver-preflight`` or ``python -m preflight``;
* the **server-side rules** the room server imports (``browsers``, ``browser_facts``,
  ``tasks``, ``samples``): the bundled browser release table, the evaluation of what the
  ``/preflight`` page measured, and the practical task files with their hidden codes, written
  by ``formats`` (fpdf2, odfpy, python-docx, openpyxl, Pillow), which the room server also
  uses for its own files.

The dependency runs one way, server -> preflight: nothing in this package imports ``roomserver``
(a test scans the sources). Both halves speak ``report.Report``, one small typed value object that serialises and parses itself.
"""

__version__ = "1.0.0"
