"""Photos at the edge: reading image files (Pillow) and the content-addressed media folder.

Imports events only; the command line hands what it reads to the write side.
"""
