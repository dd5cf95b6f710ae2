"""Log records for the console (standard error), where a server's logs are collected."""

import logging


class ShortClientErrors(logging.Filter):
    """A refused request (403, 404 …) is the user's to read, not a fault: log it on one
    line, without the traceback Django attaches. A 500 keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
