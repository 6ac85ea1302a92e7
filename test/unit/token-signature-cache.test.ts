import { afterEach, describe, expect, it, vi } from "vitest";
import { issueAccessToken, verifySignedClaims } from "@/lib/auth/tokens";
import { boundedCache } from "@/lib/bounded-cache";

const subject = { id: "user-1", email: "parent@example.com", tokenVersion: 3 };

afterEach(() => {
  vi.useRealTimers();
});

describe("access token signatures, remembered per token", () => {
  it("gives the same claims the second time, and none for a token changed by one character", async () => {
    const { access_token } = await issueAccessToken(subject);
    const first = await verifySignedClaims(access_token);
    expect(first).toMatchObject({ id: "user-1", email: "parent@example.com", version: 3 });
    expect(await verifySignedClaims(access_token)).toEqual(first);
    const signatureStart = access_token.lastIndexOf(".") + 1;
    const changed = access_token[signatureStart] === "A" ? "B" : "A";
    expect(await verifySignedClaims(access_token.slice(0, signatureStart) + changed + access_token.slice(signatureStart + 1))).toBeNull();
  });

  it("refuses a remembered token once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { access_token, expires_in } = await issueAccessToken(subject);
    expect(await verifySignedClaims(access_token)).not.toBeNull();
    vi.setSystemTime(Date.now() + (expires_in - 1) * 1000);
    expect(await verifySignedClaims(access_token)).not.toBeNull();
    vi.setSystemTime(Date.now() + 2000);
    expect(await verifySignedClaims(access_token)).toBeNull();
  });
});

describe("boundedCache", () => {
  it("forgets the oldest entry once full, and keeps remembered undefined values", () => {
    const cache = boundedCache<string, number | undefined>(2);
    cache.set("a", 1);
    cache.set("b", undefined);
    cache.set("a", 2);
    expect(cache.has("b")).toBe(true);
    cache.set("c", 3);
    expect(cache.has("a")).toBe(false);
    expect([cache.get("b"), cache.has("b"), cache.get("c")]).toEqual([undefined, true, 3]);
  });
});
