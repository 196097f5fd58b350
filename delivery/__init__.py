"""Hooks at work: the delivery loop, its targets and state, payloads, the registry, the worker.

Imports events, workflow and projections; never cli.
"""
