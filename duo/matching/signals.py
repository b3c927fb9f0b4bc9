"""Placeholder replaced by the data helper: duos that end badly become pair blocks."""
