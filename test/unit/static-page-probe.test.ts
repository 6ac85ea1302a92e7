import { describe, expect, it } from "vitest";
import { cspProbeToken, deploymentProtectionHeaders } from "@/lib/security/static-pages";

describe("the proxy's probe of a static page", () => {
  it("is keyed by the app's secret", () => {
    expect(cspProbeToken("secret-a")).toBe(cspProbeToken("secret-a"));
    expect(cspProbeToken("secret-a")).not.toBe(cspProbeToken("secret-b"));
  });

  it("forwards only Vercel's protection cookie, never the session", () => {
    const headers = deploymentProtectionHeaders({ cookie: "next-auth.session-token=abc; _vercel_jwt=xyz; theme=dark", bypassSecret: undefined });
    expect(headers).toEqual({ cookie: "_vercel_jwt=xyz" });
  });

  it("adds the automation bypass secret when the project has one", () => {
    expect(deploymentProtectionHeaders({ cookie: null, bypassSecret: "bypass" })).toEqual({ "x-vercel-protection-bypass": "bypass" });
    expect(deploymentProtectionHeaders({ cookie: null })).toEqual({});
  });
});
