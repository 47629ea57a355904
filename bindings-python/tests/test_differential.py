"""sigv4kit against botocore's SigV4Auth, SigV4QueryAuth and S3SigV4Auth on
generated requests: both sign the same request at the same time, and the
signatures (and what each adds to the request) must be equal byte for byte.

The generator stays inside what botocore reads the same way as the SigV4
specification: queries already in canonical percent-encoding (botocore signs
a URL query as it is, without re-encoding), no repeated header names (its
header dict would merge them), no header botocore leaves unsigned.
"""

import datetime
import random
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qsl, urlsplit

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from random_requests import random_request
from sigv4kit import Credentials, Signer

CASES = 300
WHEN = datetime.datetime(2024, 2, 29, 23, 59, 58, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def frozen_botocore_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    naive = WHEN.replace(tzinfo=None)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: naive)


def botocore_sign(auth_class: Any, case: Dict[str, Any], service: str, **extra: Any) -> AWSRequest:
    creds = BotoCredentials(case["akid"], case["secret"], case["token"])
    request = AWSRequest(
        method=case["method"], url=case["url"], headers=dict(case["headers"]), data=case["body"]
    )
    auth_class(creds, service, case["region"], **extra).add_auth(request)
    return request


def ours(case: Dict[str, Any], service: str) -> Signer:
    return Signer(case["region"], service, Credentials(case["akid"], case["secret"], case["token"]))


def seeds(label: str) -> List[Tuple[str, int]]:
    return [(label, seed) for seed in range(CASES)]


@pytest.mark.parametrize(("label", "seed"), seeds("sigv4"))
def test_header_signing_matches_botocore(label: str, seed: int) -> None:
    case = random_request(random.Random(f"{label}{seed}"))
    expected = botocore_sign(SigV4Auth, case, "execute-api")
    signed = ours(case, "execute-api").sign(
        case["method"], case["url"], case["headers"], case["body"], timestamp=WHEN
    )
    added = signed.added_headers
    assert added["Authorization"] == expected.headers["Authorization"], signed.canonical_request
    assert added["X-Amz-Date"] == expected.headers["X-Amz-Date"]
    assert added.get("X-Amz-Security-Token") == expected.headers.get("X-Amz-Security-Token")


@pytest.mark.parametrize(("label", "seed"), seeds("s3"))
def test_s3_signing_matches_botocore(label: str, seed: int) -> None:
    case = random_request(random.Random(f"{label}{seed}"), s3=True)
    expected = botocore_sign(S3SigV4Auth, case, "s3")
    signed = ours(case, "s3").sign(
        case["method"], case["url"], case["headers"], case["body"], timestamp=WHEN
    )
    added = signed.added_headers
    assert added["Authorization"] == expected.headers["Authorization"], signed.canonical_request
    assert added["X-Amz-Content-Sha256"] == expected.headers["X-Amz-Content-SHA256"]


@pytest.mark.parametrize(("label", "seed"), seeds("query"))
def test_presigning_matches_botocore(label: str, seed: int) -> None:
    rng = random.Random(f"{label}{seed}")
    # botocore's presigner keeps one value per query key.
    case = random_request(rng, unique_keys=True)
    case["headers"] = {k: v for k, v in case["headers"].items() if k != "Content-Type"}
    case["body"] = b""
    expires = rng.choice([1, 300, 3600, 604800])
    expected = botocore_sign(SigV4QueryAuth, case, "execute-api", expires=expires)
    signed = ours(case, "execute-api").presign(
        case["method"], case["url"], expires, case["headers"], timestamp=WHEN
    )

    def params(url: str) -> List[Tuple[str, str]]:
        return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))

    assert params(signed.url) == params(expected.url), signed.canonical_request
    assert urlsplit(signed.url).path == urlsplit(expected.url).path
