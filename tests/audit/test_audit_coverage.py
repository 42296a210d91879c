"""The audit table (connect_tasks_audit/) against botocore's documentation as it is now.

Every sentence of the documentation of the audited operations, and of every shape their
requests reach, is either quoted by exactly one rule or listed as stating none. A botocore
upgrade that adds or rewords a sentence fails here until someone reads it and files it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import connect_tasks_audit as aws_rules
from connect_tasks_audit import KINDS, NOT_RULES, RULES, documented_sentences

pytestmark = pytest.mark.botocore_model

TABLE = Path(__file__).resolve().parents[2] / "docs" / "aws-rules.md"


@pytest.fixture(scope="module")
def sentences() -> dict[str, str]:
    return documented_sentences()


def test_audit_every_documented_sentence_is_filed(sentences):
    filed = {quote for rule in RULES for quote in rule.quotes} | set(NOT_RULES)
    unread = [
        f"{where}: {sentence}" for sentence, where in sentences.items() if sentence not in filed
    ]
    assert unread == [], "file each sentence in aws_rules.RULES or NOT_RULES"


def test_audit_every_quote_is_still_in_botocore(sentences):
    stale = [quote for rule in RULES for quote in rule.quotes if quote not in sentences]
    stale += [sentence for sentence in NOT_RULES if sentence not in sentences]
    assert stale == []


def test_audit_each_sentence_is_filed_once():
    filed = Counter([quote for rule in RULES for quote in rule.quotes] + list(NOT_RULES))
    assert [sentence for sentence, count in filed.items() if count > 1] == []


def test_audit_rows_are_well_formed():
    assert len({rule.id for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert isinstance(rule.quotes, tuple) and rule.quotes, rule.id
        assert all(isinstance(quote, str) for quote in rule.quotes), rule.id
        assert rule.kind in KINDS, rule.id
        assert rule.provider and rule.emulator, rule.id
        assert set(rule.operations) <= set(aws_rules.AUDITED_OPERATIONS) | {
            "Reference",
            "SegmentAttributeValue",
        }, rule.id


def test_audit_reads_every_audited_operation(sentences):
    # The walk reaches the operations' own text and nested shapes (Reference, SegmentAttributeValue).
    places = set(sentences.values())
    for expected in (
        "StartTaskContact",
        "UpdateContact",
        "StopContact",
        "ListTaskTemplatesRequest.NextToken",
        "Reference",
        "SegmentAttributeValue.ValueArn",
        "TaskTemplateConstraints.RequiredFields",
    ):
        assert expected in places


def test_audit_table_in_docs_is_current():
    # Regenerate with: python -m connect_tasks_audit > docs/aws-rules.md
    assert TABLE.read_text(encoding="utf-8") == aws_rules.markdown()
