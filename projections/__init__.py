"""The read side: article view, ticker and history as pure folds over the log, kept in tables."""
