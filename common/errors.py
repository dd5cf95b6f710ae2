"""The one exception a service raises when the rules refuse a write."""


class Refused(Exception):
    """A write that the rules do not allow; the message is shown to the user."""
