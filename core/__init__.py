"""The kernel below every domain: settings, the database, users and roles, languages and time zones, the clock, migrations.

It imports no domain and nothing of aiogram.
"""
