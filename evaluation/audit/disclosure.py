"""The disclosure audit as verify's rows: one row per derivable withheld value, or one row
saying that none is (the check itself is `disclosure.audit`, the same one publication ran)."""

from __future__ import annotations

from pathlib import Path

from evaluation.audit.attachments import load_recorded, read_attachments
from evaluation.audit.compare import DIFFERS, NOT_CHECKABLE, OK, Check
from evaluation.disclosure.audit import DisclosureAudit, audit_published, audit_trends
from evaluation.errors import ErrorCode, InputError
from evaluation.limits import MB, limits, load_json, read_file

TRENDS = "trends.json"

KIND = "openbaarmaking"


def disclosure_checks(
    published: dict, trends: dict | None = None
) -> tuple[DisclosureAudit, list[Check]]:
    """Audit the attached published results tree (and trends, when attached); its outcome as
    verify's check rows."""
    audit = audit_published(published)
    if trends is not None:
        findings = (*audit.findings, *audit_trends(trends))
        audit = DisclosureAudit(findings, audit.checked, audit.unchecked)
    if audit.unchecked and not audit.findings:
        return audit, [
            Check(
                "openbaarmaking: weggelaten cijfers",
                "weggelaten",
                audit.summary(),
                NOT_CHECKABLE,
                KIND,
            )
        ]
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
    audit, rows = disclosure_checks(run.results, attached_trends(report))
    return audit, [*run.checks, *rows]


def attached_trends(report: str | Path) -> dict | None:
    """trends.json from the report PDF's attachments or its folder, if it has one."""
    p = Path(report)
    if p.is_dir():
        f = p / TRENDS
        data = (
            read_file(f, TRENDS, limits().attachment_mb * MB, "attachment_mb")
            if f.is_file()
            else None
        )
    else:
        try:
            data = read_attachments(p).get(TRENDS)
        except InputError:
            return None
    tree = load_json(data, TRENDS) if data is not None else None
    if data is not None and not isinstance(tree, dict):
        raise InputError(ErrorCode.NOT_A_JSON_OBJECT, what=TRENDS)
    return tree
