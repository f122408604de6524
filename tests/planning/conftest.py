"""Fixtures of the planning tests."""

from tests.planning.field_sites import two_organisations  # noqa: F401 - a fixture, by name
