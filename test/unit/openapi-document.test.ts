import { describe, expect, it } from "vitest";
import { getOpenApiDocument } from "@/lib/openapi/document";
import { storyEventSchema } from "@/lib/stories/events";
import { documentSchemaValidator, responseSchemaPointer, validateOpenApi } from "../support/openapi";

const document = JSON.parse(JSON.stringify(getOpenApiDocument()));

describe("the generated OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await validateOpenApi(document);
    expect(result.errors).toBeUndefined();
    expect(result).toMatchObject({ valid: true, version: "3.1" });
  });

  it("would be caught if it broke the OpenAPI 3.1 schema", async () => {
    const broken = { ...document, paths: { "/api/health": { get: { responses: { "200": { content: {} } } } } } };
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it("compiles every component schema under JSON Schema 2020-12 in strict mode", () => {
    const schemaAt = documentSchemaValidator(document);
    for (const name of Object.keys(document.components.schemas)) expect(() => schemaAt(`/components/schemas/${name}`)).not.toThrow();
  });

  it("documents every route the app serves", () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      "/api/cron/purge",
      "/api/health",
      "/api/v1/account",
      "/api/v1/account/export",
      "/api/v1/account/password",
      "/api/v1/account/sessions",
      "/api/v1/api-keys",
      "/api/v1/api-keys/{id}",
      "/api/v1/auth/register",
      "/api/v1/auth/token",
      "/api/v1/openapi.json",
      "/api/v1/stories/",
      "/api/v1/stories/generate-stream/",
      "/api/v1/stories/{id}/",
    ]);
  });

  it("accepts each StoryEvent the zod schema accepts and rejects what it rejects", () => {
    const validate = documentSchemaValidator(document)("/components/schemas/StoryEvent");
    const samples = [
      { type: "started", message: "Starting", model: "gpt-4o-mini" },
      { type: "content", data: "Once" },
      { type: "completed", story_id: "3f2b8c1e-6a0d-4c7e-9b1a-2d5e8f0a4b6c", message: "saved", story_length: 4 },
      { type: "error", message: "Generation failed: x" },
      { type: "content" },
      { type: "finished", message: "?" },
      { type: "completed", story_id: "not-a-uuid", message: "saved", story_length: 4 },
    ];
    for (const sample of samples) expect(validate(sample)).toBe(storyEventSchema.safeParse(sample).success);
  });

  it("validates a 400 body against the documented error schema", () => {
    const validate = documentSchemaValidator(document)(responseSchemaPointer("/api/v1/auth/register", "post", 400));
    expect(validate({ error: "Invalid request body", details: [{ field: "password", message: "too short" }] })).toBe(true);
    expect(validate({ message: "Invalid request body" })).toBe(false);
  });
});
