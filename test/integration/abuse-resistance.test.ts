import { PGlite } from "@electric-sql/pglite";
import { request } from "node:http";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, legacyScryptHash } from "@/lib/auth/password";
import { migrate } from "../support/app";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({
  upstream: false,
  start: false,
  env: { REGISTRATIONS_PER_IP_PER_HOUR: "5", REGISTRATIONS_PER_HOUR: "8", LOGIN_MAX_FAILURES_PER_ACCOUNT: "10", LOGIN_MAX_FAILURES_PER_IP: "15" },
});
const LEGACY = { email: "legacy-parent@example.com", password: "an old scrypt password" };
// Accounts written before the app starts: the registration test below uses up the hourly ceiling.
const PASSWORD = "a parent's long password";
const seeded = (n: number) => `seeded${n}@example.com`;

/** Runs one query on the test database: PostgreSQL while the app runs, the embedded one only while it is stopped. */
async function query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  if (stack.database.env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: stack.database.env.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new PGlite(path.join(stack.database.env.STORYSTREAM_DATA_DIR ?? "", "pglite"));
  try {
    return (await db.query<Row>(sql, params)).rows;
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  const migrated = migrate(stack.database.env);
  if (migrated.status !== 0) throw new Error(migrated.output);
  // An account from before Argon2id, written while no app holds the database.
  await query("INSERT INTO users (id, email, password_hash) VALUES (gen_random_uuid(), $1, $2)", [LEGACY.email, await legacyScryptHash(LEGACY.password)]);
  const hash = await hashPassword(PASSWORD);
  for (let n = 1; n <= 5; n++) await query("INSERT INTO users (id, email, password_hash) VALUES (gen_random_uuid(), $1, $2)", [seeded(n), hash]);
  await stack.startApp();
});

const post = (pathname: string, body: unknown, address: string) =>
  fetch(`${stack.app.url}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": address },
    body: JSON.stringify(body),
  });
const register = (email: string, address: string) => post("/api/v1/auth/register", { email, password: "a fine long password" }, address);
const signIn = (email: string, password: string, address: string) => post("/api/v1/auth/token", { email, password }, address);
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe("sign-in throttling", () => {
  it("lets exactly 10 of 30 parallel wrong passwords be checked, and the parent still signs in from elsewhere", async () => {
    const [email, password] = [seeded(1), PASSWORD];
    const guesses = await Promise.all(Array.from({ length: 30 }, () => signIn(email, "not the password", "203.0.113.20")));
    const statuses = guesses.map((res) => res.status);
    console.log(`30 parallel wrong passwords, limit 10: ${count(statuses, 401)} checked, ${count(statuses, 429)} got 429`);
    expect(count(statuses, 401)).toBe(10);
    expect(count(statuses, 429)).toBe(20);
    expect((await signIn(email, password, "203.0.113.20")).status).toBe(429);
    expect((await signIn(email, password, "203.0.113.21")).status).toBe(200);
  });

  it("gives a successful sign-in's count back", async () => {
    const [email, password] = [seeded(2), PASSWORD];
    const statuses = [];
    for (let i = 0; i < 9; i++) statuses.push((await signIn(email, "wrong", "203.0.113.30")).status);
    statuses.push((await signIn(email, password, "203.0.113.30")).status);
    statuses.push((await signIn(email, "wrong", "203.0.113.30")).status);
    statuses.push((await signIn(email, "wrong", "203.0.113.30")).status);
    expect(statuses).toEqual([...Array(9).fill(401), 200, 401, 429]);
  });

  it("caps failures per address across accounts, and trusts only the last X-Forwarded-For hop", async () => {
    const statuses = [];
    // The client-written first entry changes every time; the proxy-appended last one does not.
    for (let i = 0; i < 16; i++) statuses.push((await signIn(`nobody${i}@example.com`, "wrong", `10.9.9.${i}, 203.0.113.40`)).status);
    expect(statuses).toEqual([...Array(15).fill(401), 429]);
  });

  it("counts the page's sign-in (next-auth) too", async () => {
    const email = seeded(3);
    for (let i = 0; i < 10; i++) expect((await signIn(email, "wrong", "203.0.113.50")).status).toBe(401);
    const csrf = await fetch(`${stack.app.url}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const res = await fetch(`${stack.app.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": "203.0.113.50",
        Cookie: csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; "),
      },
      body: new URLSearchParams({ csrfToken, email, password: "wrong", json: "true" }),
      redirect: "manual",
    });
    expect(res.headers.getSetCookie().some((cookie) => cookie.startsWith("next-auth.session-token="))).toBe(false);
    expect(decodeURIComponent((await res.json()).url)).toContain("Too many failed sign-in attempts");
  });
});

describe("registration", () => {
  it("refuses one of the most common passwords at registration, with a field message", async () => {
    const res = await post("/api/v1/auth/register", { email: "common@example.com", password: "password123" }, "203.0.113.60");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Invalid request body", details: [{ field: "password", message: expect.stringContaining("most common") }] });
  });

  it("lets 5 of 20 parallel sign-ups from one address through, then the global hourly ceiling of 8 holds for every address", async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => register(`flood${i}@example.com`, "203.0.113.10")));
    const statuses = burst.map((res) => res.status);
    console.log(`20 parallel registrations from one address, limit 5: ${count(statuses, 201)} created, ${count(statuses, 429)} got 429`);
    expect(count(statuses, 201)).toBe(5);
    expect(count(statuses, 429)).toBe(15);
    const refused = burst.find((res) => res.status === 429);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused?.json()).toEqual({ error: expect.stringContaining("Too many accounts") });

    const others = [];
    for (let i = 0; i < 4; i++) others.push((await register(`other${i}@example.com`, `198.51.100.${i + 1}`)).status);
    // The common-password attempt above counted too (1), with this burst (5) two more reach the ceiling of 8.
    expect(others).toEqual([201, 201, 429, 429]);
  });
});

/** next-auth's page sign-in: the response and the session cookie, if one was set. */
async function pageSignIn(email: string, password: string, extra: Record<string, string> = {}) {
  const csrf = await fetch(`${stack.app.url}/api/auth/csrf`);
  const { csrfToken } = await csrf.json();
  const res = await fetch(`${stack.app.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": "203.0.113.90",
      Cookie: csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; "),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", ...extra }),
    redirect: "manual",
  });
  const session = res.headers.getSetCookie().find((cookie) => cookie.startsWith("next-auth.session-token="))?.split(";")[0];
  return { res, session };
}

describe("the return path after sign-in", () => {
  const tricky = [
    "//evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/\\evil.example",
    "/%5C%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%252F%252Fevil.example",
    "https://evil.example/",
    "javascript:alert(document.cookie)",
    "\tjavascript:alert(1)",
  ];

  it("sends a signed-in parent to a path on our own site, whatever the link says", async () => {
    const { session } = await pageSignIn(seeded(4), PASSWORD);
    expect(session).toBeDefined();
    for (const path of tricky) {
      const res = await fetch(`${stack.app.url}/sign-in?callbackUrl=${encodeURIComponent(path)}`, { headers: { Cookie: session ?? "" }, redirect: "manual" });
      expect(res.status, path).toBe(307);
      const location = new URL(res.headers.get("location") ?? "", stack.app.url);
      expect(location.origin, path).toBe(stack.app.url);
      expect(location.pathname, path).toBe("/new");
    }
    const fine = await fetch(`${stack.app.url}/sign-in?callbackUrl=${encodeURIComponent("/library?page=2")}`, { headers: { Cookie: session ?? "" }, redirect: "manual" });
    expect(fine.headers.get("location")).toBe("/library?page=2");
  });

  it("next-auth's own callbackUrl cannot leave the site either", async () => {
    for (const callbackUrl of ["https://evil.example/", `${stack.app.url}/%09/evil.example`, "javascript:alert(1)"]) {
      const { res } = await pageSignIn(seeded(5), PASSWORD, { callbackUrl });
      const { url } = await res.json();
      expect(new URL(url).origin, callbackUrl).toBe(stack.app.url);
    }
  });
});

describe("the body cap", () => {
  const twoMegabytes = "x".repeat(2 * 1024 * 1024);

  it("answers 413 to a 2 MB body on next-auth's sign-in callback, declared or streamed", async () => {
    const declared = await fetch(`${stack.app.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${twoMegabytes}`,
    });
    expect(declared.status).toBe(413);
    const encoder = new TextEncoder();
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(encoder.encode("x".repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${stack.app.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: expect.stringContaining("larger than") });
  });

  /** Declares a 2 MB body but sends only its first kilobyte: the answer must come from the declaration alone. */
  function declaredTwoMegabytes(method: string, pathname: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(`${stack.app.url}${pathname}`, { method, headers: { "Content-Type": "application/json", "Content-Length": String(2 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.write("x".repeat(1024));
    });
  }

  it("answers 413 on API routes, including ones that take no body", async () => {
    for (const [method, pathname] of [["POST", "/api/v1/auth/register"], ["POST", "/api/v1/auth/token"], ["DELETE", "/api/v1/account"], ["POST", "/api/v1/api-keys"], ["DELETE", "/api/v1/account/sessions"], ["DELETE", "/api/v1/auth/token"], ["POST", "/api/v1/stories/generate-stream/"]] as const) {
      expect(await declaredTwoMegabytes(method, pathname), `${method} ${pathname}`).toBe(413);
    }
  });
});

describe("passwords", () => {
  it("upgrades a legacy scrypt hash to Argon2id at the next sign-in", async () => {
    expect((await signIn(LEGACY.email, LEGACY.password, "203.0.113.70")).status).toBe(200);
    // The embedded database can only be read once the app has let go of it.
    if (!stack.database.env.DATABASE_URL) await stack.stopApps();
    const [row] = await query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = $1", [LEGACY.email]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
