"""The `newsroom` command line: parse, call the write or read side, render."""
