"""The newsroom's feature specs: every scenario in features/, bound to tests/steps.py."""

from pytest_bdd import scenarios

from tests.steps import *  # noqa: F403  (the step definitions are fixtures)

scenarios(".")
