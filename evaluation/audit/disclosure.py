"""The disclosure audit as verify's rows: one row per derivable withheld value, or one row
saying that none is (the check itself is `disclosure.audit`, the same one publication ran)."""

from __future__ import annotations

from pathlib import Path

from evaluation.audit.attachments import load_recorded
from evaluation.audit.compare import DIFFERS, OK, Check
from evaluation.disclosure.audit import DisclosureAudit, audit_published

KIND = "openbaarmaking"


def disclosure_checks(published: dict) -> tuple[DisclosureAudit, list[Check]]:
    """Audit the attached published results tree; its outcome as verify's check rows."""
    audit = audit_published(published)
    if audit.ok:
        return audit, [
            Check("openbaarmaking: weggelaten cijfers", "weggelaten", audit.summary(), OK, KIND)
        ]
    return audit, [
        Check(
            f"openbaarmaking: {f.what}",
            "weggelaten",
            f"terug te rekenen ({f.attack}): {f.how}",
            DIFFERS,
            KIND,
        )
        for f in audit.findings
    ]


def audit_report(report: str | Path) -> tuple[DisclosureAudit, list[Check]]:
    """`verify REPORT --disclosure`: the audit of the report's attached results.json, with the
    attachment checks (no survey data needed: anyone holding the PDF can run it)."""
    run = load_recorded(report)
    audit, rows = disclosure_checks(run.results)
    return audit, [*run.checks, *rows]
