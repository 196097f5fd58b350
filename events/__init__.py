"""The log: event models, the envelope, the hash chain, the store port and its backends.

This package imports none of ours: every other package builds on it.
"""
