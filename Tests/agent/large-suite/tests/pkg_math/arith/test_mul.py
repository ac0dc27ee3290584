"""100 tests in a class and a nested class."""

import pytest


class TestMul:
    @pytest.mark.parametrize("n", range(50))
    def test_identity(self, n):
        assert n * 1 == n

    class TestByZero:
        @pytest.mark.parametrize("n", range(50))
        def test_zero(self, n):
            assert n * 0 == 0
