"""Local Telegram Bot API test double: see ``tests.botapi.server``."""
from tests.botapi.server import DEFAULT_TOKEN, ApiError, BotAPIServer, Call, FileRef, is_message_method

__all__ = ["DEFAULT_TOKEN", "ApiError", "BotAPIServer", "Call", "FileRef", "is_message_method"]
