import type { NextRequest } from "next/server";
import { withApi } from "@/lib/errors";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withAdmission } from "@/lib/stories/admission";
import { sseResponse } from "@/lib/stories/sse-response";
import { prepareStoryStream } from "@/lib/stories/start-generation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Covers the first-token and idle time-outs of a long story on Vercel. Next needs a literal here:
// it is MAX_STREAM_SECONDS (lib/stories/stream-lifetime.ts), which the claims' TTLs derive from.
export const maxDuration = 300;

// The self-hosting server (server.ts) serves this path itself, with the same prepareStoryStream.
export const POST = withApi((req: NextRequest) => withAdmission(async (generation) => sseResponse(await prepareStoryStream(req, generation))));

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
