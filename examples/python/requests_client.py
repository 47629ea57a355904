"""The demo client for sigv4kit with requests: `sigv4kit.requests.SigV4Auth`.

Reads SIGV4KIT_ENDPOINT (the local gateway, e.g. http://127.0.0.1:4566),
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION and DEMO_ROLE_ARN, makes
the six demo calls and prints one line per call: CALL<TAB>STATUS<TAB>message.
"""

import os
import xml.etree.ElementTree as ET

import requests

from sigv4kit import Credentials
from sigv4kit.requests import SigV4Auth

ENDPOINT = os.environ["SIGV4KIT_ENDPOINT"]
ROLE_ARN = os.environ["DEMO_ROLE_ARN"]
STS_NS = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


def show(call: str, response: requests.Response) -> None:
    """API Gateway answers {"message": ...}; STS answers XML."""
    try:
        text = str(response.json().get("message", ""))
    except ValueError:
        text = response.text
    print(f"{call}\t{response.status_code}\t{' '.join(text.split())[:80]}", flush=True)


def main() -> None:
    # Credentials from the environment, region from AWS_REGION.
    auth = SigV4Auth(service="execute-api")
    session = requests.Session()
    session.trust_env = False  # no proxy for the local gateway

    show("allowed", session.get(f"{ENDPOINT}/prod/hello", params={"name": "sigv4kit"}, auth=auth))

    show("unsigned", session.get(f"{ENDPOINT}/prod/hello"))

    # Sign the prepared request, then change its query before sending it.
    prepared = session.prepare_request(
        requests.Request("GET", f"{ENDPOINT}/prod/hello", params={"name": "a"}, auth=auth)
    )
    prepared.prepare_url(f"{ENDPOINT}/prod/hello", {"name": "b"})
    show("tampered", session.send(prepared))

    show("denied", session.get(f"{ENDPOINT}/prod/denied", auth=auth))

    # A presigned URL needs no auth to fetch: the signature is in the query.
    # (auth.signer is the fixed signer when AWS_REGION names the region.)
    signer = auth.signer
    if signer is None:
        raise SystemExit("set AWS_REGION")
    url = signer.presign("GET", f"{ENDPOINT}/prod/hello", expires_in=300).url
    show("presigned", session.get(url))

    # STS AssumeRole: a form POST signed for the service "sts" (requests
    # form-encodes the dict; the signature covers those exact bytes).
    sts_reply = session.post(
        ENDPOINT + "/",
        data={
            "Action": "AssumeRole",
            "Version": "2011-06-15",
            "RoleArn": ROLE_ARN,
            "RoleSessionName": "demo",
        },
        auth=SigV4Auth(service="sts"),
    )
    if sts_reply.status_code != 200:
        show("assume-role", sts_reply)
        return
    # The STS endpoint's own reply; ElementTree resolves no external entities.
    found = ET.fromstring(sts_reply.content).find(".//sts:Credentials", STS_NS)  # noqa: S314
    if found is None:
        raise SystemExit("no Credentials in the AssumeRole reply")
    temporary = Credentials(
        found.findtext("sts:AccessKeyId", "", STS_NS),
        found.findtext("sts:SecretAccessKey", "", STS_NS),
        found.findtext("sts:SessionToken", "", STS_NS),
        expiration=found.findtext("sts:Expiration", None, STS_NS),
    )
    as_role = SigV4Auth(service="execute-api", credentials=temporary)
    show("assume-role", session.get(f"{ENDPOINT}/prod/hello", auth=as_role))


if __name__ == "__main__":
    main()
