import type { Env } from "@/lib/env";

export type SafetyStatus = {
  /** How story text reaches readers: held back until checked, checked after release, or unchecked. */
  moderation: "hold" | "async" | "off";
  limits: "on" | "off";
  /** One sentence per protection that is off, for the start-up log and /api/health. */
  warnings: string[];
};

/** Which protections this deployment runs with, so nobody ships one switched off by accident. */
export function safetyStatus(env: Env): SafetyStatus {
  const moderation = env.moderationEnabled ? env.MODERATION_STREAM : "off";
  const limits = env.RATE_LIMIT_DISABLED ? "off" : "on";
  const warnings: string[] = [];
  if (moderation === "off") warnings.push("Moderation is off: stories reach readers unchecked (MODERATION, or no model server configured).");
  if (limits === "off") warnings.push("Rate and concurrency limits are off (RATE_LIMIT_DISABLED=1).");
  return { moderation, limits, warnings };
}
