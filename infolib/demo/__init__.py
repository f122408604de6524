"""The fictional demo: its site served on 127.0.0.1 (``site``), a seeded interview log (``log``)
and the whole journey run offline (``journey``, what ``make demo`` runs)."""
