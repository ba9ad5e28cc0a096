"""One JSON object per log line, so that logs can be searched and counted by field."""

import json
import logging

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
# Django's `request` is left out: its text includes the query string, which can carry what a
# reader typed (the request id links the line to the request log instead).
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
