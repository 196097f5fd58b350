"""`make demo`: the scripted newsroom day and the seed page it reproduces."""
