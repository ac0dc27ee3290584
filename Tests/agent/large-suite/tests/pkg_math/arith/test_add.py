"""120 parametrized tests in a class."""

import pytest


class TestAdd:
    @pytest.mark.parametrize("a", range(12))
    @pytest.mark.parametrize("b", range(10))
    def test_commutative(self, a, b):
        assert a + b == b + a
