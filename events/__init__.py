"""The log: event models, the envelope, the hash chain and the SQL event store.

This package imports none of `workflow`, `projections` or `cli`.
"""
