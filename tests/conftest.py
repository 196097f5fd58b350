"""The test tiers share these plugins: the fixtures, and the feature specs' step modules.

`tests/unit` does no I/O and runs in seconds (`make test-fast`); `tests/integration`
uses real SQLite and PostgreSQL stores; `tests/e2e` runs real processes.
"""

pytest_plugins = [
    "tests.support.fixtures",
    "tests.steps.common",
    "tests.steps.audit",
    "tests.steps.hooks",
    "tests.steps.hook_ledger",
    "tests.steps.hook_programs",
    "tests.steps.hook_secrets",
    "tests.steps.hook_isolation",
    "tests.steps.store_limits",
    "tests.steps.lint",
    "tests.steps.site",
    "tests.steps.signing",
    "tests.steps.lawful",
    "tests.steps.proofs",
    "tests.steps.forgetting",
    "tests.steps.hostile_edge",
    "tests.steps.hostile_output",
    "tests.steps.hostile_media",
    "tests.steps.profiles",
    "tests.steps.paging",
    "tests.steps.work",
    "tests.steps.moves",
]
