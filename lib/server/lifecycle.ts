import { getEnv } from "@/lib/env";
import { logEvent } from "@/lib/log";
import { schedulePurge } from "@/lib/retention/purge";
import { safetyStatus } from "@/lib/safety/status";
import { drainGenerations } from "@/lib/stories/active-generations";

/** Start-up of the Node.js server: fail fast on bad configuration, schedule the retention purge, drain streams on SIGTERM. */
export function registerServerLifecycle(): void {
  let graceMs: number;
  try {
    const env = getEnv();
    graceMs = env.SHUTDOWN_GRACE_MS;
    const { warnings } = safetyStatus(env);
    // Loud in production, where a switched-off protection is most likely an accident.
    if (env.NODE_ENV === "production" && warnings.length > 0) {
      logEvent("error", "protections_off", { warnings, message: `WARNING: running in production with protections off. ${warnings.join(" ")}` });
    }
  } catch (error) {
    logEvent("error", "invalid_configuration", { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  schedulePurge();
  // Next.js closes the server on SIGTERM and waits for open responses; this bounds that wait.
  process.once("SIGTERM", () => {
    logEvent("info", "shutdown_started", { grace_ms: graceMs });
    void drainGenerations(graceMs).then((result) => {
      logEvent("info", "shutdown_drained", result);
      // Idle keep-alive sockets would hold the close for another keepAliveTimeout: no work is left.
      setTimeout(() => process.exit(143), 1000).unref();
    });
  });
}
