"""The newsroom's feature specs: every scenario in features/, bound to the steps in tests/steps/."""

from pytest_bdd import scenarios

scenarios(".")
