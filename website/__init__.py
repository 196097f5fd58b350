"""The static site and its feeds; imports events and projections only."""
