"""The one exception type users can cause; its message always says what to do next."""


class QAError(Exception):
    """A problem the user can fix (bad input, missing index, bad config). Shells print it, no traceback."""
