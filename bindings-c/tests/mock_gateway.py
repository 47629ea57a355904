#!/usr/bin/env python3
"""A stand-in for the local IAM gateway, for testing the C and Go demo clients.

usage: mock_gateway.py CLIENT [ARGS...]

Serves http on 127.0.0.1 at a free port, checks every request's SigV4
signature with its own implementation below (written from the AWS
specification with hashlib/hmac, sharing no code with sigv4kit), answers the
way API Gateway's IAM authorizer does, and issues temporary credentials for
an STS AssumeRole call. Runs CLIENT with the demo protocol's environment,
then compares the statuses it prints with the expected ones and prints
'LABEL: N passed, N failed'.
"""

import datetime
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REGION = "us-east-1"
USER_KEY, USER_SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
ROLE_ARN = "arn:aws:iam::111122223333:role/demo-client"
# A role the demo user may assume whose sessions the API refuses.
OUTSIDER_ARN = "arn:aws:iam::111122223333:role/demo-outsider"
EXPECTED = {
    "allowed": 200,
    "unsigned": 403,
    "tampered": 403,
    "denied": 403,
    "presigned": 200,
    "profile-role": 200,
    "profile-role-denied": 403,
    "assume-role": 200,
}
# The shared files of the profile rows: both roles assumed with the user's keys.
CONFIG = f"""[profile demo-role]
role_arn = {ROLE_ARN}
source_profile = demo-user
[profile demo-outsider]
role_arn = {OUTSIDER_ARN}
source_profile = demo-user
"""
CREDENTIALS = f"""[demo-user]
aws_access_key_id = {USER_KEY}
aws_secret_access_key = {USER_SECRET}
"""
# Access key ids of outsider sessions.
outsiders: set[str] = set()

# access key id -> (secret, session token or None)
identities: dict[str, tuple[str, str | None]] = {USER_KEY: (USER_SECRET, None)}


def quote(text: str) -> str:
    return urllib.parse.quote(text, safe="-_.~")


def canonical_path(raw: str) -> str:
    # Every service but S3: normalize, then encode each (raw) segment again.
    out: list[str] = []
    for seg in raw.split("/")[1:]:
        if seg == "..":
            if out:
                out.pop()
        elif seg not in (".", ""):
            out.append(seg)
    path = "/" + "/".join(quote(s) for s in out)
    if raw.endswith("/") and path != "/":
        path += "/"
    return path


def canonical_query(pairs: list[tuple[str, str]]) -> str:
    encoded = sorted((quote(k), quote(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def parse_query(raw: str) -> list[tuple[str, str]]:
    pairs = []
    for part in raw.split("&"):
        if part:
            k, _, v = part.partition("=")
            pairs.append((urllib.parse.unquote(k), urllib.parse.unquote(v)))
    return pairs


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def check(
    method: str, target: str, headers: dict[str, str], body: bytes
) -> tuple[int, str] | None:
    """Returns None when the request is signed correctly, else (status, message)."""
    path, _, raw_query = target.partition("?")
    query = parse_query(raw_query)
    params = dict(query)
    auth = headers.get("authorization")
    if auth:
        scheme, _, rest = auth.partition(" ")
        fields = dict(p.strip().split("=", 1) for p in rest.split(","))
        credential, signed, presented = (
            fields["Credential"],
            fields["SignedHeaders"],
            fields["Signature"],
        )
        amz_date = headers.get("x-amz-date", "")
        token = headers.get("x-amz-security-token")
        payload = (
            headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
        )
    elif "X-Amz-Signature" in params:
        scheme = params.get("X-Amz-Algorithm", "")
        credential, signed = params["X-Amz-Credential"], params["X-Amz-SignedHeaders"]
        presented, amz_date = params["X-Amz-Signature"], params["X-Amz-Date"]
        token = params.get("X-Amz-Security-Token")
        payload = hashlib.sha256(body).hexdigest()
        query = [(k, v) for k, v in query if k != "X-Amz-Signature"]
        expires = int(params["X-Amz-Expires"])
        signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.UTC
        )
        if datetime.datetime.now(datetime.UTC) > signed_at + datetime.timedelta(
            seconds=expires
        ):
            return 403, "Request has expired"
    else:
        return 403, "Missing Authentication Token"
    if scheme != "AWS4-HMAC-SHA256":
        return 403, "Unsupported algorithm"
    key_id, date, region, service, _ = credential.split("/")
    if key_id not in identities:
        return 403, "The security token included in the request is invalid."
    secret, want_token = identities[key_id]
    if want_token is not None and token != want_token:
        return 403, "The security token included in the request is invalid."
    signed_at = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    if (
        auth
        and abs((datetime.datetime.now(datetime.UTC) - signed_at).total_seconds()) > 300
    ):
        return 403, "Signature expired"
    header_lines = "".join(
        f"{n}:{' '.join(headers.get(n, '').split())}\n" for n in signed.split(";")
    )
    creq = "\n".join(
        [
            method,
            canonical_path(path),
            canonical_query(query),
            header_lines,
            signed,
            payload,
        ]
    )
    scope = f"{date}/{region}/{service}/aws4_request"
    sts = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()]
    )
    expected = hmac.new(
        signing_key(secret, date, region, service), sts.encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, presented):
        return (
            403,
            "The request signature we calculated does not match the signature you provided.",
        )
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(
        self, format: str, *args: object
    ) -> None:  # quiet: the test prints its own summary
        pass

    def reply(
        self, status: int, body: str, content_type: str = "application/json"
    ) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        refused = check(self.command, self.path, headers, body)
        if refused:
            return self.reply(refused[0], json.dumps({"message": refused[1]}))
        if self.command == "POST" and self.path == "/":
            form = dict(urllib.parse.parse_qsl(body.decode()))
            if form.get("Action") != "AssumeRole" or form.get("RoleArn") not in (
                ROLE_ARN,
                OUTSIDER_ARN,
            ):
                return self.reply(
                    403, json.dumps({"message": "not authorized to assume this role"})
                )
            key = "ASIA" + secrets.token_hex(8).upper()
            secret, token = secrets.token_urlsafe(30), secrets.token_urlsafe(60)
            identities[key] = (secret, token)
            if form.get("RoleArn") == OUTSIDER_ARN:
                outsiders.add(key)
            expiry = (
                datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
            ).strftime("%Y-%m-%dT%H:%M:%SZ")
            xml = (
                "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
                f"<AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>"
                f"<SessionToken>{token}</SessionToken><Expiration>{expiry}</Expiration>"
                "</Credentials></AssumeRoleResult></AssumeRoleResponse>"
            )
            return self.reply(200, xml, "text/xml")
        caller = headers.get("authorization", "").partition("Credential=")[2].split("/")[0]
        if caller in outsiders:
            return self.reply(
                403,
                json.dumps(
                    {
                        "message": "User: arn:aws:sts::111122223333:assumed-role/demo-outsider/"
                        "session is not authorized to perform: execute-api:Invoke"
                    }
                ),
            )
        if self.path.startswith("/prod/denied"):
            return self.reply(
                403,
                json.dumps(
                    {"message": "User is not authorized to perform: execute-api:Invoke"}
                ),
            )
        if self.path.startswith("/prod/"):
            return self.reply(
                200, json.dumps({"message": "hello from the stand-in gateway"})
            )
        return self.reply(404, json.dumps({"message": "Not Found"}))

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    files = tempfile.TemporaryDirectory()
    config, credentials = os.path.join(files.name, "config"), os.path.join(files.name, "credentials")
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG)
    with open(credentials, "w", encoding="utf-8") as f:
        f.write(CREDENTIALS)
    endpoint = f"http://127.0.0.1:{server.server_port}"
    env = dict(
        os.environ,
        SIGV4KIT_ENDPOINT=endpoint,
        AWS_ACCESS_KEY_ID=USER_KEY,
        AWS_SECRET_ACCESS_KEY=USER_SECRET,
        AWS_REGION=REGION,
        DEMO_ROLE_ARN=ROLE_ARN,
        DEMO_PROFILE_ROLE="demo-role",
        DEMO_PROFILE_DENIED="demo-outsider",
        AWS_CONFIG_FILE=config,
        AWS_SHARED_CREDENTIALS_FILE=credentials,
        AWS_ENDPOINT_URL_STS=endpoint,
        AWS_EC2_METADATA_DISABLED="true",
    )
    try:
        done = subprocess.run(
            sys.argv[1:],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.shutdown()
        files.cleanup()
    sys.stderr.write(done.stderr)
    seen: dict[str, int | str] = {}
    for line in done.stdout.splitlines():
        call, status, _message = (line.split("\t") + ["", ""])[:3]
        seen[call] = int(status) if status.isdigit() else status
    failed = [c for c, want in EXPECTED.items() if seen.get(c) != want]
    for c in failed:
        print(f"  {c}: expected {EXPECTED[c]}, got {seen.get(c)}", file=sys.stderr)
    if done.returncode != 0:
        print(f"  client exited {done.returncode}", file=sys.stderr)
        failed.append("exit")
    label = os.path.basename(sys.argv[-1]) + (
        "-valgrind" if "valgrind" in sys.argv[1] else ""
    )
    print(f"{label}: {len(EXPECTED) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
