"""The aws CLI (v1, JSON protocol for SQS) and its STS identity call, as in the README."""
import json
import subprocess


def aws(env, endpoint, *args):
    result = subprocess.run(["aws", "--endpoint-url", endpoint, "--output", "json", *args], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_when_the_readme_walkthrough_runs_then_create_send_receive_delete_work(endpoint, cli_env):
    url = aws(cli_env, endpoint, "sqs", "create-queue", "--queue-name", "cli-demo")["QueueUrl"]
    assert url == f"{endpoint}/000000000000/cli-demo"
    sent = aws(cli_env, endpoint, "sqs", "send-message", "--queue-url", url, "--message-body", "hello from the cli")
    received = aws(cli_env, endpoint, "sqs", "receive-message", "--queue-url", url, "--wait-time-seconds", "1")
    message = received["Messages"][0]
    assert message["MessageId"] == sent["MessageId"]
    assert message["Body"] == "hello from the cli"
    aws(cli_env, endpoint, "sqs", "delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
    assert "Messages" not in aws(cli_env, endpoint, "sqs", "receive-message", "--queue-url", url)


def test_when_a_global_endpoint_is_set_then_sts_get_caller_identity_names_the_account(endpoint, cli_env):
    result = subprocess.run(["aws", "sts", "get-caller-identity", "--output", "json"], env={**cli_env, "AWS_ENDPOINT_URL": endpoint}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"] == "000000000000"


def test_when_a_queue_is_missing_then_the_cli_reports_the_error_code(endpoint, cli_env):
    result = subprocess.run(["aws", "--endpoint-url", endpoint, "sqs", "get-queue-url", "--queue-name", "absent"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "QueueDoesNotExist" in result.stderr or "NonExistentQueue" in result.stderr
