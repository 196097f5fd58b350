"""The projections kept in tables: catch-up, rebuild, queries, comparison with a rebuild."""
