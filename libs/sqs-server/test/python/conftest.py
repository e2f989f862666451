"""Starts the built queue server (node dist/apps/queue/src/main.js) once per test session on a free port."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import boto3
from botocore.config import Config
import pytest

ROOT = Path(__file__).resolve().parents[4]
QUEUE_MAIN = ROOT / "dist" / "apps" / "queue" / "src" / "main.js"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {seconds}s")


@contextmanager
def serving(command: list, port: int, env=None):
    """Runs `command` (which listens on 127.0.0.1:`port`) for the block and yields its endpoint."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def endpoint():
    assert QUEUE_MAIN.exists(), f"{QUEUE_MAIN} is missing: run npm run build first"
    data_dir = tempfile.mkdtemp(prefix="sqs-python-")
    port = free_port()
    env = {**os.environ, "QUEUE_PORT": str(port), "QUEUE_HOST": "127.0.0.1", "DATA_DIR": data_dir}
    try:
        with serving(["node", str(QUEUE_MAIN)], port, env) as url:
            yield url
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


SIGNING_KEY = {"QUEUE_ACCESS_KEY_ID": "queue-key", "QUEUE_SECRET_ACCESS_KEY": "queue-secret"}


@pytest.fixture(scope="session")
def signed_endpoint():
    """A second server that checks SigV4 signatures against SIGNING_KEY."""
    data_dir = tempfile.mkdtemp(prefix="sqs-python-signed-")
    port = free_port()
    env = {**os.environ, **SIGNING_KEY, "QUEUE_PORT": str(port), "QUEUE_HOST": "127.0.0.1", "DATA_DIR": data_dir}
    try:
        with serving(["node", str(QUEUE_MAIN)], port, env) as url:
            yield url
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto_server, an independent SQS implementation, as a reference for digests."""
    port = free_port()
    with serving(["moto_server", "-H", "127.0.0.1", "-p", str(port)], port) as url:
        yield url


def client_for(url: str, region: str = CREDENTIALS["AWS_DEFAULT_REGION"], key_id: str = CREDENTIALS["AWS_ACCESS_KEY_ID"], secret: str = CREDENTIALS["AWS_SECRET_ACCESS_KEY"]):
    return boto3.client(
        "sqs",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}),
    )


@pytest.fixture(scope="session")
def sqs(endpoint):
    return client_for(endpoint)


@pytest.fixture
def cli_env():
    return {**os.environ, **CREDENTIALS, "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
