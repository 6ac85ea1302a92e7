import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

// Prisma's WebAssembly schema engine, driven through its wasm-bindgen glue: the package's entry
// imports its .wasm file, which Node refuses, so the module is instantiated here by hand. This
// file knows the glue's internals (__wbg_set_wasm, __wbindgen_start, the __wbg_setTimeout_
// imports, the panic registry) of the exact @prisma/schema-engine-wasm version package.json pins.

export type EngineLog = (line: string) => void;

/** Runs `run` with a schema engine for `schemaPath` on the database behind `adapterFactory`, then frees it. */
export async function withSchemaEngine<T>(
  {
    adapterFactory,
    log,
    schemaPath,
  }: { adapterFactory: SqlMigrationAwareDriverAdapterFactory; log?: EngineLog; schemaPath: string },
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadSchemaEngine();
  const schema = await readFile(schemaPath, "utf8");
  activeEngines++;
  try {
    const engine = await glue.SchemaEngine.new(
      { datamodels: [[path.basename(schemaPath), schema]] },
      (line: string) => log?.(line),
      bindMigrationAwareSqlAdapterFactory(adapterFactory),
    ).catch(explainPanic);
    try {
      return await run(engine).catch(explainPanic);
    } finally {
      engine.free();
    }
  } finally {
    if (--activeEngines === 0) clearEngineTimers();
  }
}

type SchemaEngineGlue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let engineModule: Promise<SchemaEngineGlue> | undefined;
let activeEngines = 0;
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
const panicRegistry = { message: "", set_message(message: string) { this.message = message; } };

/** The package's entry imports its .wasm, which Node refuses: instantiate it by hand, once. */
function loadSchemaEngine(): Promise<SchemaEngineGlue> {
  engineModule ??= (async () => {
    // The engine reports Rust panics through this global; without it a panic is a TypeError.
    Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panicRegistry });
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasm = await readFile(gluePath.replace(/\.js$/, ".wasm"));
    const imports: Record<string, WebAssembly.ImportValue> = { ...glue };
    // The engine never clears its timeouts (e.g. the 10 s advisory-lock timeout), which would keep
    // the process alive after the work is done: track them so they can be cleared when idle.
    for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(() => {
          engineTimers.delete(timer);
          callback();
        }, ms >>> 0);
        engineTimers.add(timer);
        return timer;
      };
    }
    const { instance } = await WebAssembly.instantiate(wasm, { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start !== "function") throw new Error("@prisma/schema-engine-wasm has no __wbindgen_start");
    start();
    return glue;
  })();
  return engineModule;
}

function clearEngineTimers(): void {
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

function explainPanic(error: unknown): never {
  if (error instanceof Error && error.name === "RuntimeError" && panicRegistry.message) {
    throw new Error(`The Prisma schema engine crashed: ${panicRegistry.message}`, { cause: error });
  }
  throw error;
}
