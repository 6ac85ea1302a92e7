import { z } from "zod";
import { CHILDREN_THRESHOLDS, MODERATION_CATEGORIES, type ModerationThresholds } from "./safety/policy.ts";

const DEV_SECRET = "storystream-development-secret-do-not-use-in-production";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const isCategory = (name: string): name is (typeof MODERATION_CATEGORIES)[number] => MODERATION_CATEGORIES.some((category) => category === name);

/** `violence=0.3,sexual=0.1`: overrides of the children's defaults, each a score from 0 to 1. */
const thresholdOverrides = z
  .string()
  .default("")
  .transform((value, context): ModerationThresholds => {
    const thresholds = { ...CHILDREN_THRESHOLDS };
    for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
      const [name = "", score = ""] = entry.split("=").map((part) => part.trim());
      const number = Number(score);
      if (!isCategory(name) || score === "" || !(number >= 0 && number <= 1)) {
        context.addIssue({
          code: "custom",
          message: `"${entry}" must be <category>=<score from 0 to 1>, with a category among ${MODERATION_CATEGORIES.join(", ")}`,
        });
        continue;
      }
      thresholds[name] = number;
    }
    return thresholds;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
      .optional(),
  ),
  STORYSTREAM_DATA_DIR: z.string().default(".data"),
  // Where the app runs the embedded database: a worker thread it reaches over a socket, or its own event loop.
  EMBEDDED_DATABASE_THREAD: z.enum(["worker", "main"]).default("worker"),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(3600),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  OPENAI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  DEMO_STORYTELLER: flag,
  STORY_FIRST_TOKEN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  STORY_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  SSE_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  VERCEL: optionalString,
  VERCEL_AUTOMATION_BYPASS_SECRET: optionalString,
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL").optional()),
  RATE_LIMIT_DISABLED: flag,
  RATE_LIMIT_STORIES_PER_HOUR: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_CONCURRENT_STREAMS: z.coerce.number().int().positive().default(2),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(10),
  REGISTRATIONS_PER_HOUR: z.coerce.number().int().positive().default(1000),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(500),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(750),
  STORY_RETENTION_DAYS: optionalString
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(z.number().int().positive().optional()),
  RETENTION_PURGE_INTERVAL_MINUTES: z.coerce.number().int().positive().default(60),
  CRON_SECRET: optionalString,
  MODERATION: z.enum(["auto", "on", "off"]).default("auto"),
  OPENAI_MODERATION_MODEL: z.string().default("omni-moderation-latest"),
  MODERATION_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  MODERATION_STREAM: z.enum(["hold", "async"]).default("hold"),
  MODERATION_THRESHOLDS: thresholdOverrides,
  MAX_INFLIGHT_GENERATIONS: z.coerce.number().int().positive().default(1000),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().max(500).default(20),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
  /** The port of `npm start` (Next reads it itself) and of the self-hosting server, `npm run start:server`. */
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  SERIES_SUMMARIES: z.enum(["after-completion", "on-demand"]).default("after-completion"),
});

export type Env = z.infer<typeof envSchema> & {
  authSecret: string;
  demoStorytellerEnabled: boolean;
  moderationEnabled: boolean;
};

let cached: Env | undefined;

/** Parses `process.env` once; the only place in the app that reads it. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === "production";
  if (isProduction && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
    throw new Error(
      "NEXTAUTH_SECRET must be set to a random string of at least 32 characters in production " +
        "(generate one with `openssl rand -base64 32`).",
    );
  }
  if (env.VERCEL && !env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL must be set on Vercel: the embedded database needs a writable disk and a single " +
        "long-lived process. Connect a Neon or Vercel Postgres database to the project.",
    );
  }
  const hasModelConfig = Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
  cached = {
    ...env,
    authSecret: env.NEXTAUTH_SECRET ?? DEV_SECRET,
    // The offline demo storyteller never replaces a configured model, and production only
    // serves it when asked to explicitly.
    demoStorytellerEnabled: !hasModelConfig && (!isProduction || env.DEMO_STORYTELLER),
    // "auto": check with the moderation endpoint whenever a real model server is configured.
    moderationEnabled: env.MODERATION === "on" || (env.MODERATION === "auto" && hasModelConfig),
  };
  return cached;
}
