"""A real S3-compatible server for the object-store tests: moto's server (a test dependency)
as a subprocess on a free loopback port, with one bucket."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tests.pg import free_port

BUCKET = "welcome-test"
KEYS = {"storage_access_key_id": "testing", "storage_secret_access_key": "testing"}


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def settings(self, prefix: str) -> dict[str, str]:
        """The WELCOME_STORAGE_* settings (as Settings keyword arguments) for `prefix`."""
        return {
            "storage_url": f"s3://{BUCKET}/{prefix}",
            "storage_endpoint_url": self.endpoint,
            "storage_region": "eu-central-1",
            **KEYS,
        }

    def environment(self, prefix: str) -> dict[str, str]:
        return {f"WELCOME_{k.upper()}": v for k, v in self.settings(prefix).items()}

    def client(self) -> object:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="eu-central-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def keys(self, prefix: str) -> list[str]:
        answer = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)  # type: ignore[attr-defined]
        return sorted(item["Key"] for item in answer.get("Contents", []))


def available() -> bool:
    return (
        importlib.util.find_spec("moto") is not None
        and importlib.util.find_spec("flask") is not None
    )


@contextlib.contextmanager
def running() -> Iterator[S3Server]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from moto.server import main; main()", "-H", "127.0.0.1",
         "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"},
    )  # fmt: skip
    server = S3Server(endpoint=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError("moto server ended at start")
            try:
                server.client().create_bucket(  # type: ignore[attr-defined]
                    Bucket=BUCKET,
                    CreateBucketConfiguration={"LocationConstraint": "eu-central-1"},
                )
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
