// Drives the browser demo in headless Chromium (Debian's, through
// playwright-core): gets credentials from the identity pool, clicks every
// call, checks the statuses the page shows, and saves a screenshot to
// target/browser-demo.png. GATEWAY_BIN names the gateway binary; the page
// needs the npm package's full web build (bindings-wasm/dist/web-sigv4a,
// the files of `sigv4kit/full`: the page presigns POSTs and explains 403s,
// which the plain build leaves out; or the directory in SIGV4KIT_WEB_DIR).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const webDir = process.env.SIGV4KIT_WEB_DIR ?? join(root, "bindings-wasm/dist/web-sigv4a");
const hasBindings = existsSync(join(root, "bindings-wasm"));
const hasWebBuild = existsSync(join(webDir, "index.browser.js"));

// Without the wasm binding in the tree there is nothing to sign with; with
// it, a missing build is a failure, not a skip.
const skip = !hasBindings && !hasWebBuild ? "bindings-wasm is not in this tree (no web build to sign with)" : false;

async function startGateway() {
  const bin = process.env.GATEWAY_BIN;
  assert.ok(bin, "GATEWAY_BIN must name the sigv4kit-gateway binary");
  const child = spawn(bin, ["--listen", "127.0.0.1:0", "--quiet", "--static-root", root, "--mount", `/sigv4kit/=${webDir}`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise((ok, fail) => {
    createInterface({ input: child.stdout }).once("line", ok);
    child.once("exit", (code) => fail(new Error(`gateway exited with ${code}`)));
  });
  return { child, origin: first.trim().split("listening on ")[1] };
}

test("the browser demo signs fetch calls and uploads a file with temporary credentials", { skip, timeout: 120_000 }, async () => {
  assert.ok(hasWebBuild, `no web build at ${webDir}: run make build-wasm`);
  const { child, origin } = await startGateway();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = [];
    let poolCalls = 0;
    page.on("request", (req) => {
      if (req.url().endsWith("/identity-pool/credentials")) poolCalls += 1;
    });
    page.on("pageerror", (err) => problems.push(String(err)));
    page.on("console", (msg) => {
      // The deliberate 403s (and the too-large upload's 400) are logged by
      // Chromium as failed loads; anything else at error level is a problem.
      if (msg.type() === "error" && !/status of (403|400)/.test(msg.text())) problems.push(msg.text());
    });

    await page.goto(`${origin}/browser/`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

    await page.click("#get-credentials");
    await page.waitForFunction(() => document.getElementById("access-key-id").textContent.startsWith("ASIA"));
    assert.match(await page.textContent("#assumed-role"), /^arn:aws:sts::111122223333:assumed-role\/demo-client\//);
    const html = await page.content();
    assert.doesNotMatch(html, /IQoJb3JpZ2lu/, "the session token is never put in the page");

    const shownKey = await page.textContent("#access-key-id");
    await page.click("#run-all");
    await page.waitForSelector("body[data-done=true]", { timeout: 60_000 });
    const statuses = await page.$$eval("#results tbody tr", (rows) =>
      Object.fromEntries(rows.map((r) => [r.id.replace("row-", ""), r.dataset.status])),
    );
    assert.deepEqual(statuses, {
      allowed: "200",
      unsigned: "403",
      tampered: "403",
      denied: "403",
      presigned: "200",
      post: "200",
      upload: "201",
      "upload-too-large": "400",
    });
    assert.equal(await page.$$eval("#results tr.wrong", (rows) => rows.length), 0);
    assert.match(await page.textContent("#row-denied .message"), /is not authorized to perform: execute-api:Invoke/);
    assert.match(await page.textContent("#row-unsigned .message"), /Missing Authentication Token/);
    assert.match(await page.textContent("#row-allowed .message"), /^Hello, browser!/);
    // The presigned POST: stored under the key S3 makes of ${filename}, and
    // a file over the policy's content-length-range refused with S3's code.
    assert.equal(await page.textContent("#row-upload .message"), "stored as browser/hello.txt");
    assert.match(await page.textContent("#row-upload-too-large .message"), /^EntityTooLarge: /);
    // The calls were signed with the session the page shows, not another one.
    assert.equal(await page.textContent("#access-key-id"), shownKey);
    assert.equal(poolCalls, 1, "one identity-pool session serves the button, the signer and the signed fetch");

    // The tampered call shows both canonical requests: the gateway's (for
    // ?name=b, what arrived) and the page's (for ?name=a, what it signed).
    assert.equal(await page.isVisible("#debug"), true);
    assert.match(await page.textContent("#expected-canonical"), /^GET\n\/prod\/hello\nname=b\n/);
    assert.match(await page.textContent("#signed-canonical"), /^GET\n\/prod\/hello\nname=a\n/);
    assert.deepEqual(await page.$$eval("#expected-canonical mark", (m) => m.map((e) => e.textContent)), ["name=b"]);
    // and the package's diagnosis of the 403.
    assert.match(await page.textContent("#diagnosis"), /differs first at line 3 \(query\)\.\n {2}AWS computed: name=b\n {2}we signed: {4}name=a\n/);

    assert.doesNotMatch(await page.content(), /IQoJb3JpZ2lu/, "the session token is not shown, even in canonical requests");
    assert.match(await page.textContent("#signed-canonical"), /x-amz-security-token:\(session token, not shown\)/);

    mkdirSync(join(root, "target"), { recursive: true });
    await page.screenshot({ path: join(root, "target/browser-demo.png"), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    child.kill("SIGTERM");
  }
});
