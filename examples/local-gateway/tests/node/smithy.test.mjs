// Requests signed by @smithy/signature-v4, the signer of the AWS SDK for
// JavaScript v3, are accepted by the gateway; the same requests with one
// byte changed are refused. The gateway binary comes from GATEWAY_BIN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import http from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Sha256 } from "@aws-crypto/sha256-js";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
let gateway;
let port;

before(async () => {
  const bin = process.env.GATEWAY_BIN;
  assert.ok(bin, "GATEWAY_BIN must name the sigv4kit-gateway binary");
  gateway = spawn(bin, ["--listen", "127.0.0.1:0", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
  const first = await new Promise((resolve, reject) => {
    createInterface({ input: gateway.stdout }).once("line", resolve);
    gateway.once("exit", (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  port = Number(first.trim().split(":").pop());
});

after(() => {
  gateway.kill("SIGTERM");
});

function signer(service = "execute-api") {
  return new SignatureV4({ credentials, region: "us-east-1", service, sha256: Sha256 });
}

function request({ method = "GET", path, query = {}, headers = {}, body }) {
  return new HttpRequest({
    method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port,
    path,
    query,
    headers: { host: `127.0.0.1:${port}`, ...headers },
    body,
  });
}

// Builds the request target the way the signer saw it: smithy signs the
// query from the `query` object, encoding values with RFC 3986.
function target(req) {
  const pairs = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    for (const value of Array.isArray(v) ? v : [v]) {
      pairs.push(`${rfc3986(k)}=${rfc3986(value)}`);
    }
  }
  return pairs.length ? `${req.path}?${pairs.join("&")}` : req.path;
}

function rfc3986(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function send(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const cases = [
  { name: "GET with a query", method: "GET", path: "/prod/hello", query: { name: "smithy", "a b": "c~d", plus: "1+1" } },
  { name: "POST with a JSON body", method: "POST", path: "/prod/pets", headers: { "content-type": "application/json" }, body: '{"pet":"dog","n":1}' },
  { name: "PUT with a custom header", method: "PUT", path: "/prod/items/7", headers: { "x-trace": "abc  def" }, body: "payload" },
  { name: "DELETE on a nested path", method: "DELETE", path: "/prod/a/b-c/d_e" },
];

for (const c of cases) {
  test(`smithy: ${c.name} is accepted, and refused with one byte changed`, async () => {
    const signed = await signer().sign(request(c));
    const path = target(signed);
    const ok = await send(signed.method, path, signed.headers, signed.body);
    assert.equal(ok.status, 200, ok.body);
    assert.match(JSON.parse(ok.body).message, /^Hello, /);

    // One byte of the signature, the target, a signed header or the body.
    const sig = signed.headers.authorization;
    const flipped = sig.slice(0, -1) + (sig.endsWith("0") ? "1" : "0");
    const tamperings = [
      [signed.method, path, { ...signed.headers, authorization: flipped }, signed.body],
      [signed.method, path.replace(/.$/, (ch) => (ch === "x" ? "y" : "x")), signed.headers, signed.body],
      [signed.method, path, { ...signed.headers, "x-amz-date": signed.headers["x-amz-date"].replace(/.Z$/, (m) => (m[0] === "1" ? "2Z" : "1Z")) }, signed.body],
    ];
    if (c.body) tamperings.push([signed.method, path, signed.headers, c.body.slice(0, -1) + "!"]);
    for (const [m, p, h, b] of tamperings) {
      const bad = await send(m, p, h, b);
      assert.equal(bad.status, 403, `${p}: ${bad.body}`);
      assert.match(JSON.parse(bad.body).message, /signature we calculated does not match|Signature expired|'x-amz-content-sha256' header does not match/);
    }
  });
}

test("smithy: a presigned URL is accepted, and refused with one byte changed", async () => {
  const presigned = await signer().presign(request({ path: "/prod/hello", query: { name: "presigned" } }), { expiresIn: 300 });
  const path = target(presigned);
  const ok = await send("GET", path, { host: `127.0.0.1:${port}` });
  assert.equal(ok.status, 200, ok.body);
  const bad = await send("GET", path.replace("presigned", "presignee"), { host: `127.0.0.1:${port}` });
  assert.equal(bad.status, 403);
});

test("smithy: temporary credentials from the identity pool sign calls", async () => {
  const pool = await send("POST", "/identity-pool/credentials", { host: `127.0.0.1:${port}` });
  const c = JSON.parse(pool.body).Credentials;
  const temp = new SignatureV4({
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken },
    region: "us-east-1",
    service: "execute-api",
    sha256: Sha256,
  });
  const signed = await temp.sign(request({ path: "/prod/hello" }));
  const ok = await send("GET", "/prod/hello", signed.headers);
  assert.equal(ok.status, 200, ok.body);
  assert.equal(JSON.parse(ok.body).caller, "arn:aws:sts::111122223333:assumed-role/demo-client/CognitoIdentityCredentials");
  const { "x-amz-security-token": _token, ...withoutToken } = signed.headers;
  const bad = await send("GET", "/prod/hello", withoutToken);
  assert.equal(bad.status, 403);
});

test("smithy: the denied path is denied", async () => {
  const signed = await signer().sign(request({ path: "/prod/denied" }));
  const res = await send("GET", "/prod/denied", signed.headers);
  assert.equal(res.status, 403);
  assert.match(JSON.parse(res.body).message, /is not authorized to perform: execute-api:Invoke/);
});
