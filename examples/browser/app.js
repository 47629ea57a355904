// The browser demo: temporary credentials from an (unauthenticated)
// identity pool, then SigV4-signed fetch calls with sigv4kit's web build.
// The gateway serves the package's dist/web-sigv4a directory at /sigv4kit/:
// the browser files of `sigv4kit/full` (with a bundler, import from
// 'sigv4kit/full' and 'sigv4kit/full/fetch'), whose engine has presignPost
// and explainMismatch; the plain `sigv4kit` leaves them out to stay small.
import { Signer, ready, explainMismatch, quotedStrings } from "/sigv4kit/index.browser.js";
import { createSignedFetch } from "/sigv4kit/fetch.js";

const REGION = "us-east-1";
const API = new URL("/prod/", location.origin);

// What API Gateway answers each call with.
const CALLS = {
  allowed: { expected: 200, run: callAllowed },
  unsigned: { expected: 403, run: callUnsigned },
  tampered: { expected: 403, run: callTampered },
  denied: { expected: 403, run: callDenied },
  presigned: { expected: 200, run: callPresigned },
  post: { expected: 200, run: callPost },
  upload: { expected: 201, run: callUpload },
  "upload-too-large": { expected: 400, run: callUploadTooLarge },
};

// A credentials provider: sigv4kit calls it when it needs keys and keeps
// the answer until five minutes before it expires, like the AWS SDK does
// with Cognito's fromCognitoIdentityPool().
let current = null;
async function identityPoolCredentials() {
  const res = await fetch("/identity-pool/credentials", { method: "POST" });
  if (!res.ok) throw new Error(`identity pool: HTTP ${res.status}`);
  const { Credentials: c, AssumedRoleArn } = await res.json();
  current = {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration * 1000, // Cognito gives seconds; sigv4kit takes milliseconds
  };
  show("access-key-id", c.AccessKeyId);
  show("assumed-role", AssumedRoleArn);
  show("expiration", new Date(current.expiration).toISOString());
  return current;
}

// One session for the whole page: the button, the signer and the signed
// fetch all ask this function, which calls the pool only when the keys it
// has are missing or within five minutes of expiring.
let pending = null;
function credentials() {
  if (current && current.expiration - Date.now() > 300_000) return current;
  pending ??= identityPoolCredentials().finally(() => {
    pending = null;
  });
  return pending;
}

const signer = new Signer({ region: REGION, service: "execute-api", credentials });
const signedFetch = createSignedFetch({ region: REGION, service: "execute-api", credentials });

async function callAllowed() {
  return signedFetch(new URL("hello?name=browser", API));
}

async function callUnsigned() {
  return fetch(new URL("hello", API));
}

// Sign one URL, send another: the gateway refuses it and quotes the
// canonical request it computed, which the page shows next to its own.
async function callTampered() {
  const signed = await signer.sign({ method: "GET", url: new URL("hello?name=a", API) }, { debug: true });
  lastSigned = signed;
  return fetch(new URL("hello?name=b", API), { headers: signed.headers });
}

async function callDenied() {
  return signedFetch(new URL("denied", API));
}

// A presigned URL needs no headers at all: it could go in an <img src>.
async function callPresigned() {
  const { url } = await signer.presign({ method: "GET", url: new URL("hello?name=presigned", API) }, { expiresIn: 300 });
  return fetch(url);
}

async function callPost() {
  return signedFetch(new URL("pets", API), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ pet: "dog", from: "browser" }),
  });
}

// Browser uploads straight to a bucket: the page presigns an S3 POST policy
// with its session (in a real app, a server would, and hand the page only
// { url, fields }), then posts a FormData of the fields and the file. The
// gateway's /s3/ route verifies it as S3 does.
const uploader = new Signer({ region: REGION, service: "s3", credentials });

async function presignUpload() {
  return uploader.presignPost({
    bucket: "uploads",
    key: "browser/${filename}",
    endpoint: new URL("/s3", location.origin).href,
    fields: { success_action_status: "201" },
    conditions: [
      { success_action_status: "201" },
      ["starts-with", "$Content-Type", "text/"],
      ["content-length-range", 1, 1024],
    ],
    expiresIn: 300,
  });
}

async function upload(text) {
  const { url, fieldList } = await presignUpload();
  const form = new FormData();
  for (const [name, value] of fieldList) form.append(name, value);
  form.append("Content-Type", "text/plain");
  form.append("file", new Blob([text], { type: "text/plain" }), "hello.txt"); // the file goes last
  return fetch(url, { method: "POST", body: form });
}

async function callUpload() {
  return upload("Hello from the browser demo!");
}

async function callUploadTooLarge() {
  return upload("x".repeat(2048));
}

// S3 answers in XML: the key of a stored object, or the error's message.
function xmlSummary(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  const key = doc.querySelector("PostResponse > Key");
  if (key) return `stored as ${key.textContent}`;
  const code = doc.querySelector("Error > Code");
  const message = doc.querySelector("Error > Message");
  return code ? `${code.textContent}: ${message?.textContent ?? ""}` : text;
}

// What the tampered call signed ({ debug: true } keeps the two strings).
let lastSigned = null;

async function run(name) {
  const call = CALLS[name];
  lastSigned = null;
  let status = "error";
  let message = "";
  try {
    const res = await call.run();
    status = res.status;
    const text = await res.text();
    try {
      message = text.startsWith("<?xml") ? xmlSummary(text) : (JSON.parse(text).message ?? text);
    } catch {
      message = text;
    }
  } catch (err) {
    message = String(err);
  }
  record(name, call.expected, status, message);
  if (status !== 200 && message.includes("The Canonical String for this request should have been")) {
    showCanonical(message);
  }
}

function record(name, expected, status, message) {
  const body = document.querySelector("#results tbody");
  let row = document.getElementById(`row-${name}`);
  if (!row) {
    row = document.createElement("tr");
    row.id = `row-${name}`;
    for (const cls of ["call", "expected", "status", "message"]) {
      const td = document.createElement("td");
      td.className = cls;
      row.append(td);
    }
    body.append(row);
  }
  row.dataset.status = String(status);
  row.className = status === expected ? "ok" : "wrong";
  row.querySelector(".call").textContent = name;
  row.querySelector(".expected").textContent = String(expected);
  row.querySelector(".status").textContent = String(status);
  row.querySelector(".message").textContent = message.split("\n")[0].slice(0, 160);
}

// The package reads the quote and says what differs (the same answer as in
// every sigv4kit binding); the page lays the two canonical requests side by side.
function showCanonical(message) {
  const quoted = quotedStrings(message).canonicalRequest;
  const expected = hideToken(quoted ?? message).split("\n");
  const signed = hideToken(lastSigned?.canonicalRequest ?? "(signed by createSignedFetch)").split("\n");
  render("expected-canonical", expected, signed);
  render("signed-canonical", signed, expected);
  show("diagnosis", lastSigned ? String(explainMismatch(lastSigned, message)) : "");
  document.getElementById("debug").hidden = false;
}

// Writes the lines, marking those that differ from the other side: that is
// where the signed request and the sent request parted ways.
function render(id, lines, other) {
  const pre = document.getElementById(id);
  pre.replaceChildren();
  lines.forEach((line, i) => {
    const el = document.createElement(line === other[i] ? "span" : "mark");
    el.textContent = line;
    pre.append(el, "\n");
  });
}

// A canonical request lists the session token among the signed headers;
// the page never displays it.
function hideToken(canonical) {
  return canonical.replace(/^(x-amz-security-token:).*$/m, "$1(session token, not shown)");
}

function show(id, text) {
  document.getElementById(id).textContent = text;
}

function fail(err) {
  const box = document.getElementById("error");
  box.textContent = String(err);
  box.hidden = false;
}

document.getElementById("get-credentials").addEventListener("click", () => Promise.resolve(credentials()).catch(fail));
for (const name of Object.keys(CALLS)) {
  document.getElementById(`call-${name}`).addEventListener("click", () => run(name).catch(fail));
}
document.getElementById("run-all").addEventListener("click", async () => {
  for (const name of Object.keys(CALLS)) await run(name);
  document.body.dataset.done = "true";
});

// Load the WebAssembly engine early; signing waits for it anyway.
ready().then(() => { document.body.dataset.ready = "true"; }, fail);
