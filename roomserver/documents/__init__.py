"""The session's printed documents as A4 PDFs (fpdf2, embedded DejaVu Sans).

Each function takes a folded ``SessionState`` (and what it cannot know, such as the
candidates' address or the scoring) and returns the PDF as bytes; nothing here touches
Flask or the disk. ``now`` (keyword only) fixes the generation date printed in the footer.
"""

from .attendance import attendance_sheet
from .fraud import fraud_reports
from .incident_report import incident_report
from .kit import invigilator_kit
from .notice import candidate_notice
from .results import results_sheet

__all__ = ["attendance_sheet", "candidate_notice", "fraud_reports", "incident_report", "invigilator_kit",
           "results_sheet"]
