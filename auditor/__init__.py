"""Audit AWS accounts and Azure subscriptions against YAML security policies.

The package is a library first: the CLI in :mod:`auditor.cli` is a thin layer over
:func:`auditor.policy.load_policies`, :func:`auditor.engine.evaluate` and the renderers.
"""

__version__ = "0.1.0"
