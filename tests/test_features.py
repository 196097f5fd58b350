"""The newsroom's feature specs: every scenario in features/, bound to tests/steps.py."""

from pytest_bdd import scenarios

from tests.steps import *  # noqa: F403  (the step definitions are fixtures)
from tests.steps_audit import *  # noqa: F403  (the auditor's steps)
from tests.steps_hooks import *  # noqa: F403  (publishing hooks and the scheduler)
from tests.steps_lint import *  # noqa: F403  (headline and text lint)
from tests.steps_site import *  # noqa: F403  (the static website)

scenarios(".")
