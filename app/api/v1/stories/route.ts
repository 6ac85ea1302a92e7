import type { NextRequest } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth/require-user";
import { ApiError, withApi } from "@/lib/errors";
import { zodIssuesToDetails } from "@/lib/http/parse-json";
import { decodeCursor, listStoriesForOwner, toStoryResponse } from "@/lib/stories/repository";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const query = listQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) throw new ApiError(400, "Invalid query", { details: zodIssuesToDetails(query.error.issues) });
  const cursor = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor);
  if (cursor === null) throw new ApiError(400, "Invalid cursor", { details: [{ field: "cursor", message: "Invalid cursor" }] });
  const page = await listStoriesForOwner({ ownerId: user.id, limit: query.data.limit, cursor });
  return Response.json({
    stories: page.stories.map((story) => toStoryResponse(story, { includeContent: false })),
    next_cursor: page.nextCursor,
  });
});
