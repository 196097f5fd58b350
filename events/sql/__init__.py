"""The log on SQLAlchemy: the only module tree of `events` that speaks SQL."""
