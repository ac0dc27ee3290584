"""150 tests with explicit ids; 5 fail."""

import pytest

WORDS = [f"word{i}" for i in range(100)]


@pytest.mark.parametrize("word", WORDS, ids=[f"w{i}" for i in range(100)])
def test_upper(word):
    assert word.upper().lower() == word


@pytest.mark.slow
@pytest.mark.parametrize("n", range(50))
def test_len(n):
    assert n % 10 != 7, f"{n} is unlucky"
