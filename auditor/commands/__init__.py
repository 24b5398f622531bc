"""Commands that live outside the core CLI module (acquisition, scheduled runs): each module exports
COMMANDS, a tuple of click commands that cli.py registers."""
