"""Quality gates with Great Expectations 1.x: source suites per canonical entity, release suites per dataset.

The calls a DAG task makes (each one line; heavy imports happen inside):

- ``transforms.quality.source.validate_source_run(run_key, data_root=None) -> QualityReport``
- ``transforms.quality.release.validate_release(frame, risk_report, dataset=..., run_key=...) -> QualityReport``

Both raise ``QualityGateFailed`` (blocking expectation failed) or ``QualityGateError`` (the gate could
not run); ``report.summary()`` is value-free JSON for logs and XCom. Suites are generated into
``expectations/gx`` from ``config/canonical_model.yml`` and ``config/quality.yml``
(``python -m transforms validate --write-suites``). See ``docs/quality_gates.md``.
"""

from transforms.quality.report import QualityGateError, QualityGateFailed, QualityReport

__all__ = ["QualityGateError", "QualityGateFailed", "QualityReport"]
