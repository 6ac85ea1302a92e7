import { getOpenApiDocument } from "@/lib/openapi/document";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export function GET() {
  return Response.json(getOpenApiDocument());
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
