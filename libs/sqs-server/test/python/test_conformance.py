"""Where the server once differed from SQS (issue 10), checked through boto3."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import client_for


def error_of(call):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error["Message"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_when_fifo_batches_are_sent_then_valid_entries_succeed_and_bad_ones_fail_alone(sqs):
    url = sqs.create_queue(QueueName="py-batch.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    answer = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "ok1", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "1"},
        {"Id": "ok2", "MessageBody": "b", "MessageGroupId": "g", "MessageDeduplicationId": "2"},
        {"Id": "nogroup", "MessageBody": "c", "MessageDeduplicationId": "3"},
        {"Id": "nodedup", "MessageBody": "d", "MessageGroupId": "g"},
    ])
    assert [entry["Id"] for entry in answer["Successful"]] == ["ok1", "ok2"]
    assert {entry["Id"]: entry["Code"] for entry in answer["Failed"]} == {"nogroup": "MissingParameter", "nodedup": "InvalidParameterValue"}
    assert error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="9"))[0] == "MissingParameter"
    code, message, _ = error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="8", DelaySeconds=7))
    assert (code, message) == ("InvalidParameterValue", "Value 7 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.")


def test_when_an_old_receipt_handle_is_used_then_delete_does_nothing_and_visibility_is_refused(sqs):
    url = sqs.create_queue(QueueName="py-old-handle")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="kept")
    old = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    new = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=old)
    sqs.delete_message_batch(QueueUrl=url, Entries=[{"Id": "old", "ReceiptHandle": old}])
    assert error_of(lambda: sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=old, VisibilityTimeout=10))[0] == "InvalidParameterValue"
    failed = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[{"Id": "old", "ReceiptHandle": old, "VisibilityTimeout": 10}])["Failed"]
    assert [entry["Code"] for entry in failed] == ["InvalidParameterValue"]
    latest = sqs.receive_message(QueueUrl=url)["Messages"][0]
    assert latest["Body"] == "kept"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=latest["ReceiptHandle"])
    assert "Messages" not in sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)
    assert new != old


def test_when_permissions_are_added_and_removed_then_the_policy_follows(sqs):
    url = sqs.create_queue(QueueName="py-permissions")["QueueUrl"]
    sqs.add_permission(QueueUrl=url, Label="partner", AWSAccountIds=["123456789012"], Actions=["SendMessage"])
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Statement"][0]["Sid"] == "partner"
    assert policy["Statement"][0]["Action"] == ["SQS:SendMessage"]
    assert error_of(lambda: sqs.add_permission(QueueUrl=url, Label="partner", AWSAccountIds=["123456789012"], Actions=["SendMessage"]))[0] == "InvalidParameterValue"
    assert error_of(lambda: sqs.add_permission(QueueUrl=url, Label="x", AWSAccountIds=["42"], Actions=["SendMessage"]))[0] == "InvalidParameterValue"
    assert error_of(lambda: sqs.add_permission(QueueUrl=url, Label="y", AWSAccountIds=["123456789012"], Actions=["SendMessage"] * 8))[0::2] == ("OverLimit", 403)
    sqs.remove_permission(QueueUrl=url, Label="partner")
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({"Version": "2012-10-17", "Statement": []})})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])


def test_when_message_attributes_are_filtered_or_invalid_then_sqs_rules_apply(sqs):
    url = sqs.create_queue(QueueName="py-attributes")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes={
        "user.id": {"DataType": "String", "StringValue": "1"},
        "other": {"DataType": "Number", "StringValue": "2"},
    })
    for names, expected in [(["user.*"], ["user.id"]), ([".*"], ["other", "user.id"]), (["All"], ["other", "user.id"])]:
        message = sqs.receive_message(QueueUrl=url, MessageAttributeNames=names, VisibilityTimeout=0)["Messages"][0]
        assert sorted(message["MessageAttributes"]) == expected
    code, message, _ = error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes={"Amazon.x": {"DataType": "String", "StringValue": "v"}}))
    assert code == "InvalidParameterValue" and message.startswith("Message (user) attribute name 'Amazon.x' is invalid")
    code, message, _ = error_of(lambda: sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes={"k": {"DataType": "Blob", "StringValue": "v"}}))
    assert code == "InvalidParameterValue" and "supported type prefixes: Binary, Number, String" in message


def test_when_tags_break_the_rules_then_they_are_refused(sqs):
    url = sqs.create_queue(QueueName="py-tags")["QueueUrl"]
    assert error_of(lambda: sqs.tag_queue(QueueUrl=url, Tags={}))[0] == "MissingParameter"
    assert error_of(lambda: sqs.tag_queue(QueueUrl=url, Tags={f"k{i}": "v" for i in range(51)}))[0] == "InvalidParameterValue"
    assert error_of(lambda: sqs.tag_queue(QueueUrl=url, Tags={"k" * 129: "v"}))[0] == "InvalidParameterValue"
    assert error_of(lambda: sqs.tag_queue(QueueUrl=url, Tags={"k": "v" * 257}))[0] == "InvalidParameterValue"
    assert error_of(lambda: sqs.untag_queue(QueueUrl=url, TagKeys=[]))[0] == "MissingParameter"
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)


def test_when_create_queue_names_and_fifo_disagree_then_the_documented_codes(sqs):
    assert error_of(lambda: sqs.create_queue(QueueName="py.fifo"))[0:2] == ("InvalidParameterValue", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
    code, message, _ = error_of(lambda: sqs.create_queue(QueueName="py-plain", Attributes={"FifoQueue": "true"}))
    assert code == "InvalidParameterValue" and "must end with .fifo suffix" in message
    assert error_of(lambda: sqs.create_queue(QueueName=""))[0] == "MissingParameter"
    assert error_of(lambda: sqs.get_queue_url(QueueName=""))[0] == "MissingParameter"
    code, _, status = error_of(lambda: sqs.get_queue_url(QueueName="py-nowhere"))
    assert (code, status) == ("AWS.SimpleQueueService.NonExistentQueue", 400)
    sqs.create_queue(QueueName="py-same", Attributes={"DelaySeconds": "1"})
    assert error_of(lambda: sqs.create_queue(QueueName="py-same", Attributes={"DelaySeconds": "2"}))[0] == "QueueAlreadyExists"


def test_when_regions_and_accounts_differ_then_queues_are_apart(endpoint):
    west1 = client_for(endpoint, region="us-west-1")
    url = west1.create_queue(QueueName="py-regional")["QueueUrl"]
    assert url == f"{endpoint}/us-west-1/000000000000/py-regional"
    assert west1.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"] == "arn:aws:sqs:us-west-1:000000000000:py-regional"
    west2 = client_for(endpoint, region="us-west-2")
    assert url not in west2.list_queues().get("QueueUrls", [])
    alice = client_for(endpoint, key_id="111111111111")
    bob = client_for(endpoint, key_id="222222222222")
    a = alice.create_queue(QueueName="py-shared", Attributes={"DelaySeconds": "1"})["QueueUrl"]
    b = bob.create_queue(QueueName="py-shared", Attributes={"DelaySeconds": "2"})["QueueUrl"]
    assert (a, b) == (f"{endpoint}/111111111111/py-shared", f"{endpoint}/222222222222/py-shared")
    assert alice.list_queues(QueueNamePrefix="py-shared")["QueueUrls"] == [a]
