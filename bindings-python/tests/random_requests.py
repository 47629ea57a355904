"""Random requests that botocore reads the same way as the SigV4
specification, for the differential tests against botocore: this package's
(test_differential.py) and the C and Go ones (bindings-c/tests/botocore_cases.py
writes them as cases). Queries are already in canonical percent-encoding
(botocore signs a URL query as it is), header names are not repeated (its
header dict would merge them), and no header is one botocore leaves
unsigned, so a disagreement is a bug on one side.
"""

import random
import string
from typing import Any, Dict
from urllib.parse import quote

PATH_CHARS = string.ascii_letters + string.digits + "-_.~!$&'()*+,;=:@ %\u00e9\u2603"
VALUE_CHARS = string.ascii_letters + string.digits + " -_.~!$&'()*+,;=:@/?%\u00e9"


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
