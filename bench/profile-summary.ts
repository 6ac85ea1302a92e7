// `node bench/profile-summary.ts FILE.cpuprofile [...]`: where a V8 CPU profile's busy time went,
// by category (garbage collection, Web Streams, async hooks, Next.js, ...) and by function.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const CATEGORIES: Array<[string, (fn: string, url: string) => boolean]> = [
  ["idle", (fn) => fn === "(idle)"],
  ["garbage collection", (fn) => fn === "(garbage collector)"],
  ["socket writes (native writev)", (fn, url) => url === "" && /^(writev|writeUtf8String|writeBuffer|writeLatin1String)$/.test(fn)],
  ["microtasks (promise reactions)", (fn) => fn === "runMicrotasks"],
  ["text encoding / decoding", (fn, url) => (url === "" && /^(encodeUtf8String|decode|encodeInto)$/.test(fn)) || url.includes("internal/encoding")],
  ["native / unattributed (program)", (fn) => fn === "(program)"],
  ["Web Streams", (_, url) => url.includes("internal/webstreams")],
  ["async hooks / AsyncLocalStorage", (fn, url) => url.includes("async_hooks") || url.includes("async_context_frame") || /promiseHook|AsyncLocalStorage/.test(fn)],
  ["crypto (JWT, ids)", (_, url) => url.includes("internal/crypto")],
  ["module loading and compilation", (fn, url) => url.includes("internal/modules") || fn === "compileFunction"],
  ["undici / fetch", (_, url) => url.includes("undici")],
  ["zod", (_, url) => url.includes("zod")],
  ["ai SDK", (_, url) => url.includes("@ai-sdk") || url.includes("/ai/dist")],
  ["database (Prisma, pg, PGlite)", (_, url) => /prisma|\/pg\/|pg-protocol|pglite/i.test(url)],
  ["Next.js", (_, url) => url.includes("next/dist") || url.includes("[turbopack]") || url.includes("next_dist")],
  ["node:http / net / streams", (_, url) => /node:(_http|net|internal\/(streams|http|net|stream_base|timers))/.test(url) || url.startsWith("node:_")],
  ["app bundle (lib/ and bundled packages)", (_, url) => url.includes(".next/server/chunks") || url.includes("/lib/")],
  ["other node: internals", (_, url) => url.startsWith("node:")],
  ["other native", (_, url) => url === ""],
];

/** Markdown: the profile's busy time by category and its top functions. */
export function summarizeProfile(file: string): string[] {
  const out: string[] = [];
  const log = (line = "") => out.push(line);
  const profile: Profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const category = CATEGORIES.find(([, test]) => test(frame.functionName, frame.url))?.[0] ?? "other";
    categories.set(category, (categories.get(category) ?? 0) + us);
    if (category === "idle") continue;
    busy += us;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  log(`### ${path.basename(path.dirname(file))}/${path.basename(file)}: ${(busy / 1e6).toFixed(1)} s busy, ${((categories.get("idle") ?? 0) / 1e6).toFixed(1)} s idle`);
  log();
  log("| category | share of busy time |");
  log("| --- | --- |");
  for (const [name, us] of [...categories].filter(([name]) => name !== "idle").sort((a, b) => b[1] - a[1])) log(`| ${name} | ${pct(us)} |`);
  log();
  log("| top functions (self time) | share |");
  log("| --- | --- |");
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`| \`${name.replaceAll("|", "\\|")}\` | ${pct(us)} |`);
  log();
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const file of process.argv.slice(2)) console.log(summarizeProfile(file).join("\n"));
}
