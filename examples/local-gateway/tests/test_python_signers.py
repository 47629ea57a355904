"""Requests signed by botocore (the signer of boto3 and the AWS CLI), by
curl's --aws-sigv4 and by sigv4kit's requests and httpx auth are accepted by
the gateway, the same requests with one byte changed are refused, and
botocore's own STS client reads the gateway's AssumeRole answer.

Usage: .venv/bin/python examples/local-gateway/tests/test_python_signers.py GATEWAY_BIN
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import unittest
from typing import Any, ClassVar

import botocore.config  # type: ignore[import-untyped]
import botocore.session  # type: ignore[import-untyped]
import httpx
import requests
import sigv4kit
import sigv4kit.httpx
import sigv4kit.requests
from botocore.auth import SigV4Auth, SigV4QueryAuth  # type: ignore[import-untyped]
from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]
from botocore.credentials import Credentials  # type: ignore[import-untyped]

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
ROLE_ARN = "arn:aws:iam::111122223333:role/demo-client"
GATEWAY_BIN = ""


class Response:
    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self.body = body

    def message(self) -> str:
        value: Any = json.loads(self.body)
        return str(value.get("message", ""))


class GatewayTest(unittest.TestCase):
    gateway: ClassVar[subprocess.Popen[bytes]]
    port: ClassVar[int]

    @classmethod
    def setUpClass(cls) -> None:
        cls.gateway = subprocess.Popen(
            [GATEWAY_BIN, "--listen", "127.0.0.1:0", "--quiet"], stdout=subprocess.PIPE
        )
        assert cls.gateway.stdout is not None
        line = cls.gateway.stdout.readline().decode()
        cls.port = int(line.strip().rsplit(":", 1)[1])

    @classmethod
    def tearDownClass(cls) -> None:
        cls.gateway.terminate()
        cls.gateway.wait(timeout=30)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def send(self, method: str, target: str, headers: dict[str, str], body: bytes = b"") -> Response:
        """Sends exactly these bytes: http.client adds nothing but
        Content-Length (and Host, which every case sets itself)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            res = conn.getresponse()
            return Response(res.status, res.read())
        finally:
            conn.close()

    def sign(
        self,
        method: str,
        target: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        credentials: Credentials | None = None,
        service: str = "execute-api",
    ) -> dict[str, str]:
        request = AWSRequest(method=method, url=self.endpoint + target, data=body, headers=headers or {})
        SigV4Auth(credentials or Credentials(AKID, SECRET), service, "us-east-1").add_auth(request)
        signed = {k: v for k, v in request.headers.items()}
        signed["Host"] = f"127.0.0.1:{self.port}"
        return signed

    def assert_refused(self, response: Response) -> None:
        self.assertEqual(response.status, 403, response.body)
        self.assertRegex(
            response.message(),
            r"signature we calculated does not match|x-amz-content-sha256|Signature expired",
        )

    def test_signed_requests_are_accepted_and_one_changed_byte_refused(self) -> None:
        cases: list[tuple[str, str, bytes, dict[str, str]]] = [
            ("GET", "/prod/hello?name=botocore", b"", {}),
            ("GET", "/prod/hello?b=2&a=1&a=0&tilde=~x&plus=1%2B1&space=a%20b", b"", {}),
            ("POST", "/prod/pets", b'{"pet":"cat"}', {"Content-Type": "application/json"}),
            ("PUT", "/prod/files/report.csv", bytes(range(256)), {"X-Trace": "a  b"}),
            ("DELETE", "/prod/a/b-c/d_e.f", b"", {}),
            ("PATCH", "/prod/items/%C3%A9t%C3%A9s", b"x=1", {}),
        ]
        for method, target, body, extra in cases:
            with self.subTest(method=method, target=target):
                headers = self.sign(method, target, body, dict(extra))
                ok = self.send(method, target, headers, body)
                self.assertEqual(ok.status, 200, ok.body)
                self.assertTrue(ok.message().startswith("Hello, "))

                auth = headers["Authorization"]
                flipped = auth[:-1] + ("1" if auth.endswith("0") else "0")
                self.assert_refused(self.send(method, target, {**headers, "Authorization": flipped}, body))
                changed_target = target[:-1] + ("y" if target.endswith("x") else "x")
                self.assert_refused(self.send(method, changed_target, headers, body))
                date = headers["X-Amz-Date"]
                changed_date = date[:-2] + ("1" if date[-2] != "1" else "2") + "Z"
                self.assert_refused(self.send(method, target, {**headers, "X-Amz-Date": changed_date}, body))
                if body:
                    changed_body = body[:-1] + bytes([body[-1] ^ 1])
                    self.assert_refused(self.send(method, target, headers, changed_body))

    def test_dot_segments_signed_by_botocore_cannot_reach_past_the_deny(self) -> None:
        # botocore removes dot segments and empty segments from the path it
        # signs, so each of these carries a valid signature for
        # /prod/denied: the gateway must refuse the path, not serve it.
        self.assertEqual(self.send("GET", "/prod/denied", self.sign("GET", "/prod/denied")).status, 403)
        for target in [
            "/prod/./denied",
            "/prod/x/../denied",
            "/prod//denied",
            "/prod/%2E/denied",
            "/prod/x/%2e%2E/denied",
            "/prod/x%2F..%2Fdenied",
        ]:
            with self.subTest(target=target):
                refused = self.send("GET", target, self.sign("GET", target))
                self.assertEqual(refused.status, 400, refused.body)
                self.assertTrue(refused.message().startswith("The request path"), refused.body)

    def test_a_raw_plus_in_the_query_is_read_as_a_space(self) -> None:
        # botocore signs a space as %20; form serializers send it as +.
        headers = self.sign("GET", "/prod/echo?q=a%20b")
        ok = self.send("GET", "/prod/echo?q=a+b", headers)
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(json.loads(ok.body)["event"]["queryStringParameters"]["q"], "a b")
        # Signed as a literal plus, sent raw: API Gateway reads a space there.
        headers = self.sign("GET", "/prod/echo?q=a%2Bb")
        self.assert_refused(self.send("GET", "/prod/echo?q=a+b", headers))
        ok = self.send("GET", "/prod/echo?q=a%2Bb", headers)
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(json.loads(ok.body)["event"]["queryStringParameters"]["q"], "a+b")

    def test_sigv4kit_requests_and_httpx_params_keep_spaces_and_pluses_apart(self) -> None:
        # Their form serializers write a space as a raw '+': sigv4kit sends
        # (and signs) it as %20 and a plus as %2B, so the gateway, reading a
        # raw '+' as API Gateway does, sees what the caller meant.
        creds = sigv4kit.Credentials(AKID, SECRET)
        params = {"q": "a b+c", "r": "x+y z"}
        url = f"{self.endpoint}/prod/echo"
        with requests.Session() as session:
            sent = session.get(
                url, params=params, auth=sigv4kit.requests.SigV4Auth("us-east-1", "execute-api", creds)
            )
        self.assertEqual(sent.status_code, 200, sent.text)
        self.assertNotIn("+", sent.request.url.split("?", 1)[1] if sent.request.url else "")
        self.assertEqual(sent.json()["event"]["queryStringParameters"], params)
        with httpx.Client() as client:
            got = client.get(url, params=params, auth=sigv4kit.httpx.SigV4Auth("us-east-1", "execute-api", creds))
        self.assertEqual(got.status_code, 200, got.text)
        self.assertNotIn("+", got.request.url.query.decode())
        self.assertEqual(got.json()["event"]["queryStringParameters"], params)

    def test_curl_aws_sigv4_requests_are_accepted_and_a_changed_secret_refused(self) -> None:
        def curl(user: str, *extra: str) -> Response:
            done = subprocess.run(
                ["curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", user,
                 "-o", "-", "-w", "\n%{http_code}", *extra],
                capture_output=True, check=True, timeout=60,
            )
            body, _, status = done.stdout.rpartition(b"\n")
            return Response(int(status), body)

        good = f"{AKID}:{SECRET}"
        ok = curl(good, f"{self.endpoint}/prod/hello?name=curl")
        self.assertEqual(ok.status, 200, ok.body)
        self.assertTrue(ok.message().startswith("Hello, curl!"))
        posted = curl(good, "-H", "Content-Type: application/json", "-d", '{"pet":"cat"}', f"{self.endpoint}/prod/pets")
        self.assertEqual(posted.status, 200, posted.body)
        self.assertEqual(json.loads(posted.body)["event"]["body"], '{"pet":"cat"}')
        self.assert_refused(curl(good[:-1] + "X", f"{self.endpoint}/prod/hello?name=curl"))

    def test_presigned_url_is_accepted_and_one_changed_byte_refused(self) -> None:
        request = AWSRequest(method="GET", url=self.endpoint + "/prod/hello?name=presigned")
        SigV4QueryAuth(Credentials(AKID, SECRET), "execute-api", "us-east-1", expires=300).add_auth(request)
        target = request.url[len(self.endpoint) :]
        host = {"Host": f"127.0.0.1:{self.port}"}
        ok = self.send("GET", target, host)
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(self.send("GET", target.replace("presigned", "presignee"), host).status, 403)

    def test_botocore_sts_client_assumes_the_role_then_calls_the_api(self) -> None:
        session = botocore.session.get_session()
        sts = session.create_client(
            "sts",
            region_name="us-east-1",
            endpoint_url=self.endpoint,
            aws_access_key_id=AKID,
            aws_secret_access_key=SECRET,
        )
        answer = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="botocore")
        c = answer["Credentials"]
        self.assertTrue(c["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(
            answer["AssumedRoleUser"]["Arn"], "arn:aws:sts::111122223333:assumed-role/demo-client/botocore"
        )
        temp = Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        headers = self.sign("GET", "/prod/hello", credentials=temp)
        ok = self.send("GET", "/prod/hello", headers)
        self.assertEqual(ok.status, 200, ok.body)
        self.assertEqual(json.loads(ok.body)["caller"], answer["AssumedRoleUser"]["Arn"])
        token = headers["X-Amz-Security-Token"]
        changed = token[:-1] + ("A" if token[-1] != "A" else "B")
        refused = self.send("GET", "/prod/hello", {**headers, "X-Amz-Security-Token": changed})
        self.assertEqual(refused.status, 403)
        self.assertEqual(refused.message(), "The security token included in the request is invalid.")

        caller = session.create_client(
            "sts",
            region_name="us-east-1",
            endpoint_url=self.endpoint,
            aws_access_key_id=c["AccessKeyId"],
            aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"],
        ).get_caller_identity()
        self.assertEqual(caller["Account"], "111122223333")

    def test_botocore_cognito_identity_client_gets_credentials_that_sign(self) -> None:
        # The unauthenticated Cognito calls, as an SDK's Cognito credential
        # provider makes them.
        cognito = botocore.session.get_session().create_client(
            "cognito-identity",
            region_name="us-east-1",
            endpoint_url=self.endpoint,
            aws_access_key_id="unused",
            aws_secret_access_key="unused",
        )
        identity = cognito.get_id(IdentityPoolId="us-east-1:00000000-0000-4000-8000-000000000000")
        answer = cognito.get_credentials_for_identity(IdentityId=identity["IdentityId"])
        c = answer["Credentials"]
        self.assertTrue(c["AccessKeyId"].startswith("ASIA"))
        temp = Credentials(c["AccessKeyId"], c["SecretKey"], c["SessionToken"])
        ok = self.send("GET", "/prod/hello", self.sign("GET", "/prod/hello", credentials=temp))
        self.assertEqual(ok.status, 200, ok.body)
        with self.assertRaises(Exception) as raised:
            cognito.get_id(IdentityPoolId="us-east-1:not-this-pool")
        error: Any = getattr(raised.exception, "response", {})
        self.assertEqual(error["Error"]["Code"], "ResourceNotFoundException")

    def test_botocore_presigned_post_uploads_through_requests_multipart(self) -> None:
        # botocore writes the policy and signs it; requests encodes the
        # form: neither is sigv4kit, and the gateway's verifier must accept
        # the upload and refuse it with a field the policy does not cover.
        s3 = botocore.session.get_session().create_client(
            "s3",
            region_name="us-east-1",
            endpoint_url=f"{self.endpoint}/s3",
            aws_access_key_id=AKID,
            aws_secret_access_key=SECRET,
            config=botocore.config.Config(signature_version="s3v4"),
        )
        post = s3.generate_presigned_post(
            "uploads",
            "botocore/${filename}",
            Fields={"success_action_status": "201"},
            Conditions=[{"success_action_status": "201"}, ["content-length-range", 1, 100]],
            ExpiresIn=300,
        )
        self.assertEqual(post["url"], f"{self.endpoint}/s3/uploads")
        files = {"file": ("hello.txt", b"hello from botocore")}
        ok = requests.post(post["url"], data=post["fields"], files=files, timeout=30)
        self.assertEqual(ok.status_code, 201, ok.text)
        self.assertIn("<Key>botocore/hello.txt</Key>", ok.text)
        extra = requests.post(post["url"], data={**post["fields"], "acl": "public-read"}, files=files, timeout=30)
        self.assertEqual(extra.status_code, 403, extra.text)
        self.assertIn("Extra input fields: acl", extra.text)
        big = requests.post(post["url"], data=post["fields"], files={"file": ("big", b"x" * 101)}, timeout=30)
        self.assertEqual(big.status_code, 400, big.text)
        self.assertIn("<Code>EntityTooLarge</Code>", big.text)

    def test_botocore_sts_client_sees_access_denied(self) -> None:
        sts = botocore.session.get_session().create_client(
            "sts",
            region_name="us-east-1",
            endpoint_url=self.endpoint,
            aws_access_key_id=AKID,
            aws_secret_access_key=SECRET,
        )
        with self.assertRaises(Exception) as raised:
            sts.assume_role(RoleArn="arn:aws:iam::111122223333:role/admin", RoleSessionName="nope")
        error: Any = getattr(raised.exception, "response", {})
        self.assertEqual(error["Error"]["Code"], "AccessDenied")


def main() -> int:
    global GATEWAY_BIN
    GATEWAY_BIN = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GATEWAY_BIN", "")
    if not GATEWAY_BIN:
        print("usage: test_python_signers.py GATEWAY_BIN", file=sys.stderr)
        return 2
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(GatewayTest)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(f"botocore and curl: {result.testsRun - failed} passed, {failed} failed")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
