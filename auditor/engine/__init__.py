"""The pure evaluator: policies x inventory -> findings, with no SDK and no I/O."""
