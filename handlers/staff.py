"""staff conversation (built by its own issue)."""
from aiogram import Router

router = Router(name="staff")
