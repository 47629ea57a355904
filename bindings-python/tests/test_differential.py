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
import string
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials

from sigv4kit import Credentials, Signer

CASES = 300
WHEN = datetime.datetime(2024, 2, 29, 23, 59, 58, tzinfo=datetime.timezone.utc)
PATH_CHARS = string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:@ %\u00e9\u2603"
VALUE_CHARS = string.ascii_letters + string.digits + " -_.~!$&'()*+,;=:@/?%\u00e9"


@pytest.fixture(autouse=True)
def frozen_botocore_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    naive = WHEN.replace(tzinfo=None)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *a, **k: naive)


def random_text(rng: random.Random, chars: str, low: int, high: int) -> str:
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def random_path(rng: random.Random, s3: bool) -> str:
    segments = []
    for _ in range(rng.randint(0, 5)):
        roll = rng.random()
        if not s3 and roll < 0.1:
            segments.append(rng.choice([".", "..", ""]))
        else:
            segments.append(quote(random_text(rng, PATH_CHARS, 1, 8), safe="-_.~!$&'()*+,;=:@"))
    path = "/" + "/".join(segments)
    if rng.random() < 0.2:
        path += "/"
    return path


def random_query(rng: random.Random, unique_keys: bool) -> str:
    pairs = []
    keys = set()
    for _ in range(rng.randint(0, 5)):
        key = quote(random_text(rng, VALUE_CHARS, 1, 6), safe="-_.~")
        if unique_keys and key in keys:
            continue
        keys.add(key)
        value = quote(random_text(rng, VALUE_CHARS, 0, 10), safe="-_.~")
        pairs.append(f"{key}={value}")
    return "&".join(pairs)


def random_headers(rng: random.Random) -> Dict[str, str]:
    headers: Dict[str, str] = {}
    for _ in range(rng.randint(0, 5)):
        name = "X-" + random_text(rng, string.ascii_letters + string.digits + "-", 1, 10)
        name = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
        if name.lower() in {n.lower() for n in headers}:
            continue
        value = random_text(rng, string.ascii_letters + string.digits + "  ,;=/:", 0, 20)
        headers[name] = value.strip()
    if rng.random() < 0.3:
        headers["Content-Type"] = "application/json"
    return headers


def random_request(
    rng: random.Random, s3: bool = False, unique_keys: bool = False
) -> Dict[str, Any]:
    host = rng.choice(["example.amazonaws.com", "abc.execute-api.us-east-1.amazonaws.com"])
    port = rng.choice(["", "", ":8443"])
    query = random_query(rng, unique_keys)
    url = f"https://{host}{port}{random_path(rng, s3)}" + (f"?{query}" if query else "")
    token = rng.choice(
        [None, "FQoGZXIvYXdzE" + random_text(rng, string.ascii_letters + "/+=", 20, 60)]
    )
    return {
        "method": rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH"]),
        "url": url,
        "headers": random_headers(rng),
        "body": rng.randbytes(rng.choice([0, 1, 100, 5000])),
        "region": rng.choice(["us-east-1", "eu-west-3", "ap-southeast-2"]),
        "akid": "AKID" + random_text(rng, string.ascii_uppercase + string.digits, 12, 16),
        "secret": random_text(rng, string.ascii_letters + string.digits + "/+", 40, 40),
        "token": token,
    }


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
