import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The project files a module loads at run time: type-only imports are erased, packages are not followed. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((match) => match[1] ?? "");
  return specifiers.flatMap((specifier) => {
    const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : undefined;
    if (!base) return [];
    const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    return found ? [found] : [];
  });
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [path.join(ROOT, entry)];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...runtimeImports(file));
  }
  return new Set([...seen].map((file) => path.relative(ROOT, file)));
}

describe("layering", () => {
  it("the walk follows project imports (the control for the cases below)", () => {
    expect(reachableFrom("lib/stories/idempotency.ts")).toContain("lib/db/client.ts");
  });

  it("the OpenAPI document loads no database code", () => {
    const reached = [...reachableFrom("lib/openapi/document.ts")];
    expect(reached.filter((file) => file.startsWith("lib/db/") || file.startsWith("lib/generated/"))).toEqual([]);
  });

  it("pages and route handlers reach the database only through lib/ modules, never its client", () => {
    const appFiles = readdirSync(path.join(ROOT, "app"), { recursive: true, encoding: "utf8" }).filter((name) => /\.tsx?$/.test(name));
    const direct = appFiles.filter((name) =>
      runtimeImports(path.join(ROOT, "app", name)).some((file) => file === path.join(ROOT, "lib/db/client.ts") || file.includes(`${path.sep}lib${path.sep}generated${path.sep}`)),
    );
    expect(direct).toEqual([]);
  });
});
