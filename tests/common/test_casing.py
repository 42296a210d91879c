"""snake_case, PascalCase and camelCase names (common/casing.py)."""

import pytest

from pulumi_connect_tasks.common.casing import camel, pascal, snake


@pytest.mark.parametrize(
    ("snake_name", "pascal_name", "camel_name"),
    [
        ("contact_flow_id", "ContactFlowId", "contactFlowId"),
        ("s3_url", "S3Url", "s3Url"),
        ("name", "Name", "name"),
        ("single_select_options", "SingleSelectOptions", "singleSelectOptions"),
    ],
)
def test_each_spelling_turns_into_the_others(snake_name, pascal_name, camel_name):
    assert (pascal(snake_name), camel(snake_name)) == (pascal_name, camel_name)
    assert (camel(pascal_name), snake(pascal_name), snake(camel_name)) == (
        camel_name,
        snake_name,
        snake_name,
    )
    assert pascal(pascal_name) == pascal_name and camel(camel_name) == camel_name
