import { getOpenApiDocument } from "@/lib/openapi/document";

export function GET() {
  return Response.json(getOpenApiDocument());
}
