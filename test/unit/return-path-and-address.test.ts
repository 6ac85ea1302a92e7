import { describe, expect, it } from "vitest";
import { safeReturnPath, safeReturnUrl } from "@/lib/auth/return-path";
import { clientAddress } from "@/lib/http/client-address";

describe("the return path after sign-in", () => {
  const offSite = [
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    decodeURIComponent("/%09/evil.example"),
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "https://evil.example/library",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,hi",
    "///evil.example",
  ];
  for (const path of offSite) {
    it(`refuses ${JSON.stringify(path)}`, () => {
      expect(safeReturnPath(path)).toBe("/new");
    });
  }

  it("keeps a same-site path with its query and fragment", () => {
    expect(safeReturnPath("/stories/abc?x=1#top")).toBe("/stories/abc?x=1#top");
    expect(safeReturnPath("/library")).toBe("/library");
    expect(safeReturnPath(["/account", "/evil"])).toBe("/account");
    expect(safeReturnPath(undefined)).toBe("/new");
    // A scheme-relative oddity resolves to a path on our own site, never to the other host.
    expect(safeReturnPath("http:evil.example")).toBe("/evil.example");
  });

  it("next-auth's redirect stays on our origin", () => {
    const base = "http://127.0.0.1:3000";
    expect(safeReturnUrl(`${base}/library`, base)).toBe(`${base}/library`);
    expect(safeReturnUrl("/account", base)).toBe(`${base}/account`);
    expect(safeReturnUrl("https://evil.example/", base)).toBe(`${base}/new`);
    expect(safeReturnUrl(`${base}/%09/evil.example`, base)).toBe(`${base}/new`);
    expect(new URL(safeReturnUrl("http://127.0.0.1:3000.evil.example/", base)).origin).toBe(base);
  });
});

describe("the client address", () => {
  const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

  it("takes the entry the nearest trusted proxy appended, ignoring what the client wrote before it", () => {
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5"), 1)).toBe("203.0.113.5");
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5, 10.0.0.2"), 2)).toBe("203.0.113.5");
    expect(clientAddress(headers("203.0.113.5"), 1)).toBe("203.0.113.5");
  });

  it("trusts nothing with zero hops, and falls back to the leftmost entry with fewer entries than hops", () => {
    expect(clientAddress(headers("6.6.6.6"), 0)).toBe("unknown");
    expect(clientAddress(headers("203.0.113.5"), 3)).toBe("203.0.113.5");
    expect(clientAddress(headers(), 1)).toBe("unknown");
  });
});
