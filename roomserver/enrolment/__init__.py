"""Candidate enrolment: the fields, their one validation path, the list and profile imports,
and the downloadable templates. Pure: no Flask, no I/O beyond the bytes it is given.

See docs/candidate-import.md for the file formats.
"""

from .fields import DETAIL_FIELDS, FIELDS, FIELDS_BY_NAME, REQUIRED_FIELDS, Field, FieldError, refusal, validate_candidate
from .importing import MAX_BYTES, MAX_ROWS, ImportResult, duplicates_against, parse_candidate_file, row_key
from .profiles import (certifiable_summary, certifiable_warning, fill_validated_skills, match_profiles,
                       parse_profiles)
from .templates import csv_template, header_titles, ods_template, xlsx_template

__all__ = [
    "DETAIL_FIELDS", "FIELDS", "FIELDS_BY_NAME", "REQUIRED_FIELDS", "Field", "FieldError", "refusal",
    "validate_candidate", "MAX_BYTES", "MAX_ROWS", "ImportResult", "duplicates_against",
    "parse_candidate_file", "row_key", "certifiable_summary", "certifiable_warning",
    "fill_validated_skills", "match_profiles", "parse_profiles", "csv_template", "header_titles",
    "ods_template", "xlsx_template",
]
