import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { parseJson } from "@/lib/http/parse-json";
import { streamStory } from "@/lib/stories/generate";
import { storyRequestSchema } from "@/lib/stories/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// Covers the first-token and idle time-outs of a long story on Vercel.
export const maxDuration = 300;

export const POST = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const input = await parseJson(req, storyRequestSchema);
  return streamStory({ user, input, signal: req.signal });
});
