import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { ApiError, withApi } from "@/lib/errors";
import { zodIssuesToDetails } from "@/lib/http/parse-json";
import { listStoriesQuerySchema } from "@/lib/stories/list-query";
import { decodeCursor } from "@/lib/db/keyset";
import { listStoriesForOwner, toStoryResponse } from "@/lib/stories/repository";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const query = listStoriesQuerySchema.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!query.success) throw new ApiError(400, "Invalid query", { details: zodIssuesToDetails(query.error.issues) });
  const cursor = query.data.cursor === undefined ? undefined : decodeCursor(query.data.cursor);
  if (cursor === null) throw new ApiError(400, "Invalid cursor", { details: [{ field: "cursor", message: "Invalid cursor" }] });
  const page = await listStoriesForOwner({ ownerId: user.id, limit: query.data.limit, cursor });
  return Response.json({
    stories: page.stories.map((story) => toStoryResponse(story, { includeContent: false })),
    next_cursor: page.nextCursor,
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
