"""What a running bot counts for Prometheus (`/metrics`, bot/metrics.py serves it).

One module names every metric, so a reader (and a dashboard) finds them all in one place. They live in
prometheus_client's default registry: one set per process, and each replica exposes its own.
Label values are closed sets (an update's kind, a handler's name, an outcome word, an HTTP status):
never a user id, a chat id or a code.
"""
from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Seconds from an update's arrival to the end of its handling (its answer sent, or refused).
ANSWER_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30)
DECODE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5)

UPDATES = Counter("medcheck_updates", "Updates handled, by kind, handler and outcome",
                  ["kind", "handler", "outcome"])
ANSWER_SECONDS = Histogram("medcheck_answer_seconds", "Update received to handled (the reply sent)",
                           ["kind"], buckets=ANSWER_BUCKETS)

DECODES = Counter("medcheck_decodes", "Images decoded, by outcome (symbols, nothing, busy, timeout, bad_image, error)",
                  ["outcome"])
DECODE_SECONDS = Histogram("medcheck_decode_seconds", "Time to decode one image in a worker",
                           buckets=DECODE_BUCKETS)
DECODER_QUEUE = Gauge("medcheck_decoder_queue", "Jobs decoding or waiting for a decoder worker")
DECODER_BUSY = Counter("medcheck_decoder_busy", "Jobs refused because the decoder queue was full")

DB_ERRORS = Counter("medcheck_db_errors", "Database errors, by SQLAlchemy error class", ["error"])

TELEGRAM_ERRORS = Counter("medcheck_telegram_errors", "Bot API calls refused or failed, by method and code "
                          "(the HTTP status, 429 included; 'network' when no answer came)", ["method", "code"])
TELEGRAM_SENT = Counter("medcheck_telegram_messages_sent", "Messages the bot posted, by kind "
                        "(answer, bulk: recall notices, paid: urgent recalls)", ["kind"])

# Read from the database when /metrics is asked (bot/metrics.py), not counted as they change.
OUTBOX_DEPTH = Gauge("medcheck_outbox_depth", "Rows waiting in each outbox", ["outbox"])
OUTBOX_AGE = Gauge("medcheck_outbox_oldest_seconds", "Age of the oldest row waiting in each outbox (0: none)",
                   ["outbox"])
REGISTER_AGE = Gauge("medcheck_register_data_age_seconds", "Age of each register source's data date "
                     "(-1: never loaded)", ["source"])
