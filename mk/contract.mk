# API contract: schemathesis against /api/openapi.json on a fresh server, run by `make test`
# through PYTEST_DIRS. VERDICT_CONTRACT_EXAMPLES bounds the examples per operation.
PYTEST_DIRS += Tests/contract
PYTHON_REQUIREMENTS += Tests/contract/requirements.txt

.PHONY: contract
contract: debug venv
	VERDICT_BIN=$(abspath $(DEBUG_BIN)) VERDICT_TEST_OUTPUT=$(abspath $(TEST_OUTPUT)) \
		$(VENV)/bin/python -m pytest -q -p no:cacheprovider -s Tests/contract
