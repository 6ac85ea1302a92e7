import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CSP_PROBE_HEADER, cspProbeToken, STATIC_PAGES } from "@/lib/security/static-pages";
import { ROOT, TEST_AUTH_SECRET } from "../support/app";
import { createAccount, sessionCookie, storyBody, streamStory } from "../support/client";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp();

/** The headers every response carries; the app runs under `next start`, so HSTS is on. */
function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("x-frame-options")).toBe("DENY");
  expect(headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

function directive(policy: string, name: string): string[] {
  const found = policy.split(";").map((part) => part.trim().split(/\s+/)).find(([directiveName]) => directiveName === name);
  return found?.slice(1) ?? [];
}

async function page(pagePath: string, cookie?: string): Promise<{ res: Response; html: string; policy: string; nonce: string }> {
  const res = await fetch(`${stack.app.url}${pagePath}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const html = await res.text();
  const policy = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(directive(policy, "script-src").join(" "))?.[1] ?? "";
  return { res, html, policy, nonce };
}

/** Every <script> of the page: its attributes and, for inline ones, the CSP hash of its text. */
function scriptsOf(html: string): Array<{ attributes: string; inlineHash?: string }> {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map(([, attributes = "", body = ""]) => ({
    attributes,
    inlineHash: /\bsrc=/.test(attributes) || !body ? undefined : `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
  }));
}

function expectStrictScriptPolicy(policy: string): void {
  expect(directive(policy, "script-src")).not.toContain("'unsafe-inline'");
  expect(directive(policy, "script-src")).not.toContain("'unsafe-eval'");
  expect(directive(policy, "object-src")).toEqual(["'none'"]);
  expect(directive(policy, "base-uri")).toEqual(["'self'"]);
}

let cookie: string;
beforeAll(async () => {
  cookie = await sessionCookie(stack.app.url, await createAccount(stack.app.url));
});

describe("static pages", () => {
  it("the build prerenders exactly the pages lib/security/static-pages.ts lists", () => {
    const manifest: { routes: Record<string, unknown> } = JSON.parse(readFileSync(path.join(ROOT, ".next", "prerender-manifest.json"), "utf8"));
    const prerendered = Object.keys(manifest.routes).filter((route) => !route.startsWith("/_"));
    expect(prerendered.sort()).toEqual([...STATIC_PAGES].sort());
  });

  it.each([...STATIC_PAGES])("%s is cacheable, the same file every time, and allows its inline scripts by hash alone", async (pagePath) => {
    const first = await page(pagePath);
    const second = await page(pagePath);
    expect(first.res.status).toBe(200);
    expectSecurityHeaders(first.res.headers);
    expect(first.res.headers.get("cache-control")).not.toMatch(/no-store|private/);
    expect(second.html).toBe(first.html);
    expect(second.policy).toBe(first.policy);
    expectStrictScriptPolicy(first.policy);
    expect(first.nonce).toBe("");
    const scripts = scriptsOf(first.html);
    const inline = scripts.flatMap(({ inlineHash }) => (inlineHash ? [inlineHash] : []));
    expect(inline.length).toBeGreaterThan(1); // the theme script and Next.js's RSC payload
    for (const hash of inline) expect(directive(first.policy, "script-src")).toContain(hash);
    // Only what this page inlines, plus this origin's script files: no hash of another page.
    expect(directive(first.policy, "script-src").filter((source) => source.startsWith("'sha256-")).sort()).toEqual([...new Set(inline)].sort());
  });

  it("a script injected into a static page would be blocked: its hash is not in the policy", async () => {
    const { policy } = await page("/sign-up");
    const injected = `'sha256-${createHash("sha256").update("alert(1)", "utf8").digest("base64")}'`;
    expect(directive(policy, "script-src")).not.toContain(injected);
  });

  it("the proxy's own probe of a static page gets a policy that allows no script at all", async () => {
    const res = await fetch(`${stack.app.url}/docs`, { headers: { [CSP_PROBE_HEADER]: cspProbeToken(TEST_AUTH_SECRET) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("a stranger's probe header without the app's key gets the page's usual policy", async () => {
    const res = await fetch(`${stack.app.url}/docs`, { headers: { [CSP_PROBE_HEADER]: "1" } });
    expect(res.status).toBe(200);
    expect(directive(res.headers.get("content-security-policy") ?? "", "script-src").some((source) => source.startsWith("'sha256-"))).toBe(true);
  });

  it.each([
    ["/", "/new"],
    ["/sign-up", "/new"],
    ["/sign-in?callbackUrl=%2Flibrary", "/library"],
  ])("a signed-in family asking for %s is sent on to %s", async (from, to) => {
    const { res } = await page(from, cookie);
    expect(res.status).toBe(307);
    expect(new URL(res.headers.get("location") ?? "", stack.app.url).pathname).toBe(to);
  });
});

describe("per-request pages", () => {
  it.each([
    ["/sign-in", false],
    ["/new", true],
    ["/library", true],
    ["/no-such-page", false],
  ])("%s carries the security headers, a fresh nonce on every script, and no-store", async (pagePath, signedIn) => {
    const { res, html, policy, nonce } = await page(pagePath, signedIn ? cookie : undefined);
    expect(res.status).toBe(pagePath === "/no-such-page" ? 404 : 200);
    expectSecurityHeaders(res.headers);
    expectStrictScriptPolicy(policy);
    expect(directive(policy, "script-src")).toContain("'strict-dynamic'");
    expect(nonce).not.toBe("");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const scripts = scriptsOf(html);
    expect(scripts.length).toBeGreaterThan(0);
    // Next.js's scripts carry the nonce; the theme script is the same on every page and allowed by its hash.
    for (const { attributes, inlineHash } of scripts) {
      if (!attributes.includes(`nonce="${nonce}"`)) expect(directive(policy, "script-src")).toContain(inlineHash);
    }
  });

  it("uses a different nonce for every request", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add((await page("/library", cookie)).nonce);
    expect(nonces.size).toBe(3);
  });
});

describe("files from public/", () => {
  it("the offline page may not run any script", async () => {
    const res = await fetch(`${stack.app.url}/offline.html`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(directive(policy, "default-src")).toEqual(["'none'"]);
    expect(directive(policy, "script-src")).toEqual([]);
    expect(await res.text()).not.toMatch(/<script/i);
  });

  it("the service worker may fetch only from this origin, and is revalidated on every visit", async () => {
    const res = await fetch(`${stack.app.url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; connect-src 'self'");
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  it("pages allow workers from this origin only, so the service worker can register", async () => {
    for (const [pagePath, signedInCookie] of [["/", undefined], ["/library", cookie]] as const) {
      const { policy } = await page(pagePath, signedInCookie);
      expect(directive(policy, "worker-src")).toEqual(["'self'"]);
    }
  });
});

describe("API responses", () => {
  it("a JSON response carries the security headers and a no-content policy", async () => {
    const res = await fetch(`${stack.app.url}/api/health`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("401 and 400 error responses carry them too", async () => {
    const unauthorized = await fetch(`${stack.app.url}/api/v1/stories/`);
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized.headers);
    const invalid = await fetch(`${stack.app.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "nope" }),
    });
    expect(invalid.status).toBe(400);
    expectSecurityHeaders(invalid.headers);
  });

  it("the SSE response carries them and still streams event by event", async () => {
    const { token } = await createAccount(stack.app.url);
    const result = await streamStory(stack.app.url, token, storyBody({ story_idea: "A slow dawn scenario:slow" }));
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toBe("text/event-stream");
    expectSecurityHeaders(result.headers);
    const contentTimes = result.events.filter(({ event }) => event.type === "content").map(({ at }) => at);
    expect(result.events.at(-1)?.event.type).toBe("completed");
    // The upstream sends a chunk every 200 ms: unbuffered, the client sees them spread out.
    expect((contentTimes.at(-1) ?? 0) - (contentTimes[0] ?? 0)).toBeGreaterThan(800);
  });
});
