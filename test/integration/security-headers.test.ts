import { describe, expect, it } from "vitest";
import { createAccount, storyBody, streamStory } from "../support/client";
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

async function page(path: string): Promise<{ res: Response; html: string; nonce: string }> {
  const res = await fetch(`${stack.app.url}${path}`);
  const html = await res.text();
  const policy = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(directive(policy, "script-src").join(" "))?.[1] ?? "";
  return { res, html, nonce };
}

describe("pages", () => {
  it.each(["/", "/docs"])("%s carries the security headers and a nonce-only script policy", async (path) => {
    const { res, nonce } = await page(path);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(nonce).not.toBe("");
    expect(directive(policy, "script-src")).not.toContain("'unsafe-inline'");
    expect(directive(policy, "script-src")).not.toContain("'unsafe-eval'");
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
  });

  it("stamps this response's nonce on every script tag of the page", async () => {
    const { html, nonce } = await page("/docs");
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("uses a different nonce for every request", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) nonces.add((await page("/")).nonce);
    expect(nonces.size).toBe(3);
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
