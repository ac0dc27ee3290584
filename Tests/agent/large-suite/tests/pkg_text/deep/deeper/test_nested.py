"""90 tests three packages deep: nested classes, skips and expected failures."""

import pytest


class TestOuter:
    class TestInner:
        @pytest.mark.parametrize("x", range(60))
        def test_x(self, x):
            assert x >= 0


@pytest.mark.skip(reason="not on this platform")
@pytest.mark.parametrize("x", range(20))
def test_skipped(x):
    assert False


@pytest.mark.xfail(reason="known bug")
@pytest.mark.parametrize("x", range(10))
def test_known_bug(x):
    assert x < 0
