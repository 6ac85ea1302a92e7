import { describe, expect, it } from "vitest";
import { setUpTestApp } from "../support/set-up-test-app";

const stack = setUpTestApp({ upstream: false });
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

async function expectJsonError(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body).toEqual({ error: expect.any(String) });
  return body.error;
}

describe("unknown paths under /api", () => {
  it.each([
    ["GET", "/api/nothing-here"],
    ["POST", "/api/v1/no-such-thing/"],
    ["DELETE", "/api/v1/stories/00000000-0000-4000-8000-000000000000/extra"],
    ["PUT", "/api/v2/stories"],
  ])("%s %s answers 404 JSON, not the site's HTML page", async (method, path) => {
    const res = await fetch(`${stack.app.url}${path}`, { method });
    expect(await expectJsonError(res, 404)).toContain(path);
  });
});

describe("a method a route does not serve", () => {
  it("answers 405 JSON with Allow on every documented path, for every undocumented method", async () => {
    const document: { paths: Record<string, Record<string, unknown>> } = await (await fetch(`${stack.app.url}/api/v1/openapi.json`)).json();
    const checked: string[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      const path = template.replace("{id}", "00000000-0000-4000-8000-000000000000");
      const documented = Object.keys(operations).map((method) => method.toUpperCase());
      const expectedAllow = [...documented, ...(documented.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
      for (const method of METHODS.filter((candidate) => !documented.includes(candidate))) {
        const res = await fetch(`${stack.app.url}${path}`, { method });
        const error = await expectJsonError(res, 405);
        expect(error).toContain(method);
        expect(res.headers.get("allow"), `${method} ${path}`).toBe(expectedAllow);
        checked.push(`${method} ${template}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });

  it("answers 405 JSON on the sign-in routes of next-auth too", async () => {
    const res = await fetch(`${stack.app.url}/api/auth/session`, { method: "DELETE" });
    await expectJsonError(res, 405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });
});
