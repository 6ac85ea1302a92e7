import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { parseJson } from "@/lib/http/parse-json";
import { withAdmission } from "@/lib/stories/admission";
import { readIdempotencyKey } from "@/lib/stories/idempotency-key";
import { storyRequestSchema } from "@/lib/stories/schema";
import { startStoryGeneration } from "@/lib/stories/start-generation";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Covers the first-token and idle time-outs of a long story on Vercel. Next needs a literal here:
// it is MAX_STREAM_SECONDS (lib/stories/stream-lifetime.ts), which the claims' TTLs derive from.
export const maxDuration = 300;

export const POST = withApi((req: NextRequest) =>
  withAdmission(async (generation) => {
    const user = await requireUser(req);
    const input = await parseJson(req, storyRequestSchema);
    const idempotencyKey = readIdempotencyKey(req.headers);
    return startStoryGeneration({ generation, user, input, idempotencyKey, signal: req.signal });
  }),
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
