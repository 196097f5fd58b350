"""The write side: commands, the article and staff deciders, roles, and the service."""
