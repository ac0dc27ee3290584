"""50 tests: plain ones, logging with attachments, fixture errors."""

import logging

import pytest

LOGGER = logging.getLogger(__name__)


@pytest.mark.parametrize("i", range(40))
def test_plain(i):
    assert str(i).isdigit()


@pytest.mark.parametrize("i", range(5))
def test_attaches(i):
    LOGGER.info("attaching report %d", i, attachment={"name": f"report-{i}.txt", "data": f"report {i}\n".encode(), "mime": "text/plain"})
    assert True


@pytest.fixture
def broken():
    raise RuntimeError("fixture failed")


@pytest.mark.parametrize("i", range(5))
def test_needs_broken(broken, i):
    assert broken
