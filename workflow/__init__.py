"""The write side: commands, the deciders (article, staff, hooks), roles, and the service.

Imports events only, and no I/O library.
"""
