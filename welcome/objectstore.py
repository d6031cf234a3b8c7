"""The S3-compatible object store behind welcome.storage (boto3): configuration, reading,
writing and deleting one object. Only welcome.storage calls this."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from welcome.config import Settings
from welcome.errors import NotFound
from welcome.i18n import _

CHUNK = 512 * 1024  # bytes per piece of a download
PART = 8 * 1024 * 1024  # multipart part size (at least 5 MiB); one part in memory at a time


@runtime_checkable
class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Config:
    """Where new files go: `url` "" is the database, else `s3://bucket/prefix`."""

    url: str = ""
    endpoint_url: str = ""
    region: str = ""
    access_key_id: str = ""
    secret_access_key: str = ""

    @classmethod
    def of(cls, settings: Settings) -> Config:
        return cls(
            url=settings.storage_url,
            endpoint_url=settings.storage_endpoint_url,
            region=settings.storage_region,
            access_key_id=settings.storage_access_key_id,
            secret_access_key=settings.storage_secret_access_key,
        )


@dataclass(frozen=True)
class Opened:
    """A file being read: its size, and its bytes in pieces (read while iterated)."""

    size: int
    chunks: Iterator[bytes]


def split(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` → ("bucket", "some/prefix")."""
    rest = url.removeprefix("s3://")
    bucket, _slash, prefix = rest.partition("/")
    return bucket, prefix.strip("/")


@lru_cache(maxsize=8)
def client(config: Config) -> Any:
    import boto3
    from botocore.config import Config as BotoConfig

    return boto3.client(
        "s3",
        endpoint_url=config.endpoint_url or None,
        region_name=config.region or None,
        aws_access_key_id=config.access_key_id or None,
        aws_secret_access_key=config.secret_access_key or None,
        config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"}),
    )


def put_object(config: Config, reader: Readable) -> str:
    from boto3.s3.transfer import TransferConfig

    bucket, prefix = split(config.url)
    key = f"{prefix}/{uuid.uuid4().hex}" if prefix else uuid.uuid4().hex
    transfer = TransferConfig(
        multipart_threshold=PART, multipart_chunksize=PART, max_concurrency=1, use_threads=False
    )
    client(config).upload_fileobj(reader, bucket, key, Config=transfer)
    return f"s3://{bucket}/{key}"


def delete_object(config: Config, ref: str) -> None:
    bucket, key = split(ref)
    client(config).delete_object(Bucket=bucket, Key=key)  # no error when already gone


def open_object(config: Config, ref: str) -> Opened:
    from botocore.exceptions import ClientError

    bucket, key = split(ref)
    try:
        answer = client(config).get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NoSuchBucket"}:
            raise NotFound(_("The stored file is missing.")) from None
        raise
    body = answer["Body"]

    def chunks() -> Iterator[bytes]:
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    return Opened(size=int(answer["ContentLength"]), chunks=chunks())
