import type { NextRequest } from "next/server";
import { requireUser } from "@/lib/auth/require-user";
import { ApiError, withApi } from "@/lib/errors";
import { deleteStoryForOwner, getStoryForOwner, toStoryResponse } from "@/lib/stories/repository";
import { parseStoryId } from "@/lib/stories/story-id";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

type Params = { id: string };

const notFound = () => new ApiError(404, "Story not found");

/** A malformed id cannot name a story: 404, without a query. */
async function storyId(context: { params: Promise<Params> }): Promise<string> {
  const id = parseStoryId((await context.params).id);
  if (!id) throw notFound();
  return id;
}

export const GET = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const story = await getStoryForOwner({ id: await storyId(context), ownerId: user.id });
  if (!story) throw notFound();
  return Response.json(toStoryResponse(story, { includeContent: true }));
});

export const DELETE = withApi<NextRequest, Params>(async (req, context) => {
  const user = await requireUser(req);
  const deleted = await deleteStoryForOwner({ id: await storyId(context), ownerId: user.id });
  if (!deleted) throw notFound();
  return new Response(null, { status: 204 });
});

export const { POST, PUT, PATCH } = methodsNotAllowed(["GET", "DELETE"]);
