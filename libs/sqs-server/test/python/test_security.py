"""The queue server is no browser target, and with a key pair set it checks SigV4 signatures (boto3 and the aws CLI)."""
import json
import subprocess
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import SIGNING_KEY, client_for


def raw(url, method="POST", headers=None, body=None):
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=body.encode() if body else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


def queue_names(sqs):
    return [url.rsplit("/", 1)[1] for url in sqs.list_queues().get("QueueUrls", [])]


def error_code(call):
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]


def add_headers(sqs, headers):
    def before_send(request, **_):
        for name, value in headers.items():
            request.headers[name] = value
    sqs.meta.events.register("before-send.sqs.*", before_send)


def test_when_a_get_carries_an_action_then_405_and_nothing_changes(endpoint, sqs):
    status, headers, body = raw(f"{endpoint}/?Action=CreateQueue&QueueName=py-from-a-link", method="GET")
    assert status == 405
    assert headers.get("allow") == "POST"
    assert "<Code>MethodNotAllowed</Code>" in body
    assert "py-from-a-link" not in queue_names(sqs)
    assert raw(f"{endpoint}/", method="GET")[0] == 200


def test_when_boto3_is_made_to_send_a_get_then_method_not_allowed(endpoint):
    client = client_for(endpoint)

    def to_get(request, **_):
        request.method = "GET"
    client.meta.events.register("before-send.sqs.CreateQueue", to_get)
    assert error_code(lambda: client.create_queue(QueueName="py-get")) == ("MethodNotAllowed", 405)
    assert "py-get" not in queue_names(client_for(endpoint))


def test_when_a_page_on_another_site_posts_then_access_denied_and_nothing_changes(endpoint, sqs):
    status, _, body = raw(f"{endpoint}/", headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, body="Action=CreateQueue&QueueName=py-from-a-page")
    assert status == 403
    assert "<Code>AccessDenied</Code>" in body
    client = client_for(endpoint)
    add_headers(client, {"Origin": "https://evil.example"})
    assert error_code(lambda: client.create_queue(QueueName="py-origin")) == ("AccessDenied", 403)
    client = client_for(endpoint)
    add_headers(client, {"Sec-Fetch-Site": "cross-site"})
    assert error_code(lambda: client.create_queue(QueueName="py-fetch-site")) == ("AccessDenied", 403)
    assert not {"py-from-a-page", "py-origin", "py-fetch-site"} & set(queue_names(sqs))


def test_when_the_host_header_is_foreign_then_access_denied_without_echoing_it(endpoint):
    client = client_for(endpoint)
    add_headers(client, {"Host": "rebound.example:9324"})
    with pytest.raises(ClientError) as caught:
        client.list_queues()
    assert caught.value.response["Error"]["Code"] == "AccessDenied"
    assert "rebound.example" not in json.dumps(caught.value.response, default=str)


def test_when_boto3_signs_with_the_configured_key_then_calls_work(signed_endpoint):
    sqs = client_for(signed_endpoint, key_id=SIGNING_KEY["QUEUE_ACCESS_KEY_ID"], secret=SIGNING_KEY["QUEUE_SECRET_ACCESS_KEY"])
    url = sqs.create_queue(QueueName="py-signed")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="signed")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"][0]["Body"] == "signed"


def test_when_boto3_uses_a_wrong_secret_or_key_then_403_with_sqs_codes(signed_endpoint):
    wrong_secret = client_for(signed_endpoint, key_id=SIGNING_KEY["QUEUE_ACCESS_KEY_ID"], secret="guessed")
    assert error_code(lambda: wrong_secret.create_queue(QueueName="py-forged")) == ("SignatureDoesNotMatch", 403)
    wrong_key = client_for(signed_endpoint, key_id="someone-else", secret=SIGNING_KEY["QUEUE_SECRET_ACCESS_KEY"])
    assert error_code(lambda: wrong_key.list_queues()) == ("InvalidClientTokenId", 403)
    status, _, body = raw(signed_endpoint + "/", headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"}, body="{}")
    assert status == 403
    assert json.loads(body)["__type"].endswith("MissingAuthenticationToken")
    right = client_for(signed_endpoint, key_id=SIGNING_KEY["QUEUE_ACCESS_KEY_ID"], secret=SIGNING_KEY["QUEUE_SECRET_ACCESS_KEY"])
    assert "py-forged" not in queue_names(right)


def test_when_the_aws_cli_signs_with_right_and_wrong_keys_then_it_works_or_is_refused(signed_endpoint, cli_env):
    def cli(key_id, secret, *args):
        env = {**cli_env, "AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret, "AWS_MAX_ATTEMPTS": "1"}
        return subprocess.run(["aws", "--endpoint-url", signed_endpoint, "--output", "json", "sqs", *args], env=env, capture_output=True, text=True, timeout=60)
    ok = cli(SIGNING_KEY["QUEUE_ACCESS_KEY_ID"], SIGNING_KEY["QUEUE_SECRET_ACCESS_KEY"], "create-queue", "--queue-name", "cli-signed")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["QueueUrl"] == f"{signed_endpoint}/000000000000/cli-signed"
    bad = cli(SIGNING_KEY["QUEUE_ACCESS_KEY_ID"], "guessed", "list-queues")
    assert bad.returncode != 0
    assert "SignatureDoesNotMatch" in bad.stderr
