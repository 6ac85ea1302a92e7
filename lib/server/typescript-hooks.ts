import { statSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

// Node runs the TypeScript of lib/ itself (type stripping), but not the bundler's resolution that
// Next and Vitest give it: `@/` paths, imports without an extension, `next/server` without `.js`.
// These hooks add exactly that, for imports made by the project's own .ts files.

const TS_FILE = /\.tsx?$/;
const EXTENSIONS = [".ts", ".tsx", "/index.ts"];

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Resolves the project's TypeScript imports; `root` is the repository, as a directory path. */
export function registerTypeScriptHooks(root: string): void {
  const rootUrl = pathToFileURL(root.endsWith("/") ? root : `${root}/`).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (!parent?.startsWith(rootUrl) || !TS_FILE.test(parent) || parent.includes("/node_modules/")) return nextResolve(specifier, context);
      const local = specifier.startsWith("@/") ? rootUrl + specifier.slice(2) : specifier.startsWith(".") ? new URL(specifier, parent).href : undefined;
      if (local) {
        const path = fileURLToPath(local);
        const suffix = isFile(path) ? "" : EXTENSIONS.find((extension) => isFile(path + extension));
        return nextResolve(suffix === undefined ? local : local + suffix, context);
      }
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        // Packages without an exports map (next) are imported as `next/server`, the file is `next/server.js`.
        if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && !specifier.endsWith(".js")) return nextResolve(`${specifier}.js`, context);
        throw error;
      }
    },
  });
}
