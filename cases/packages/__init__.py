"""Welcome packages (Willkommenspaket): a personal bilingual PDF for a newcomer, in 12 languages.

context.py builds a frozen context of plain values (language decided first), render.py turns it
into HTML and, in a worker process pool, into a tagged PDF; service.py issues and logs packages
and keeps the centre's local contacts.
"""
