"""boto3 (botocore's JSON protocol for SQS) works unchanged against the server."""
import time

import pytest
from botocore.exceptions import ClientError

from conftest import client_for

ATTRIBUTES = {
    "a": {"DataType": "String", "StringValue": "x"},
    "b": {"DataType": "Binary", "BinaryValue": bytes([1, 2, 3])},
    "n": {"DataType": "Number.int", "StringValue": "5"},
}


def test_when_a_message_is_sent_then_its_digests_equal_moto_s(sqs, moto_endpoint):
    moto = client_for(moto_endpoint)
    ours = sqs.send_message(QueueUrl=sqs.create_queue(QueueName="digests")["QueueUrl"], MessageBody="héllo ✓", MessageAttributes=ATTRIBUTES)
    theirs = moto.send_message(QueueUrl=moto.create_queue(QueueName="digests")["QueueUrl"], MessageBody="héllo ✓", MessageAttributes=ATTRIBUTES)
    assert ours["MD5OfMessageBody"] == theirs["MD5OfMessageBody"]
    assert ours["MD5OfMessageAttributes"] == theirs["MD5OfMessageAttributes"]


def test_when_sent_received_and_deleted_then_the_queue_is_empty(sqs):
    url = sqs.create_queue(QueueName="roundtrip")["QueueUrl"]
    sent = sqs.send_message(QueueUrl=url, MessageBody="payload", MessageAttributes=ATTRIBUTES)
    messages = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])["Messages"]
    assert messages[0]["MessageId"] == sent["MessageId"]
    assert messages[0]["MessageAttributes"]["b"]["BinaryValue"] == bytes([1, 2, 3])
    assert messages[0]["Attributes"]["ApproximateReceiveCount"] == "1"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "0"
    assert attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_when_a_queue_is_missing_then_the_modelled_exception_is_raised(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="nowhere")


def test_when_batches_break_the_rules_then_each_error_has_its_code(sqs):
    url = sqs.create_queue(QueueName="batch-rules")["QueueUrl"]
    with pytest.raises(sqs.exceptions.TooManyEntriesInBatchRequest):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": "x"} for i in range(11)])
    with pytest.raises(sqs.exceptions.BatchEntryIdsNotDistinct):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}])
    with pytest.raises(sqs.exceptions.EmptyBatchRequest):
        sqs.delete_message_batch(QueueUrl=url, Entries=[])
    with pytest.raises(ClientError) as invalid:
        sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=11)
    assert invalid.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_when_create_queue_conflicts_then_queue_name_exists(sqs):
    sqs.create_queue(QueueName="conflict", Attributes={"VisibilityTimeout": "10"})
    with pytest.raises(sqs.exceptions.QueueNameExists):
        sqs.create_queue(QueueName="conflict", Attributes={"VisibilityTimeout": "11"})


def test_when_a_long_poll_waits_then_a_send_answers_it_early(sqs):
    url = sqs.create_queue(QueueName="py-long-poll")["QueueUrl"]
    started = time.time()
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    assert time.time() - started >= 0.95


def test_when_visibility_expires_then_the_message_returns_with_count_two(sqs):
    url = sqs.create_queue(QueueName="py-visibility")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="again")
    first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=1)["Messages"][0]
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    second = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=3, AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    assert second["MessageId"] == first["MessageId"]
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"


def test_when_purged_twice_then_purge_queue_in_progress(sqs):
    url = sqs.create_queue(QueueName="py-purge")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    sqs.purge_queue(QueueUrl=url)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress):
        sqs.purge_queue(QueueUrl=url)


def test_when_receives_exceed_max_receive_count_then_the_message_moves_to_the_dlq(sqs):
    dlq = sqs.create_queue(QueueName="py-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(QueueName="py-src", Attributes={"RedrivePolicy": f'{{"deadLetterTargetArn":"{arn}","maxReceiveCount":"1"}}'})["QueueUrl"]
    sent = sqs.send_message(QueueUrl=url, MessageBody="poison")
    sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)
    assert sqs.receive_message(QueueUrl=dlq)["Messages"][0]["MessageId"] == sent["MessageId"]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [url]


def test_when_listing_with_pagination_then_tokens_walk_all_pages(sqs):
    for name in ["pg-1", "pg-2", "pg-3"]:
        sqs.create_queue(QueueName=name)
    paginator = sqs.get_paginator("list_queues")
    urls = [url for page in paginator.paginate(QueueNamePrefix="pg-", PaginationConfig={"PageSize": 2}) for url in page.get("QueueUrls", [])]
    assert [url.rsplit("/", 1)[1] for url in urls] == ["pg-1", "pg-2", "pg-3"]
