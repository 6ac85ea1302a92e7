import { z } from "zod";
import {
  accountExportSchema,
  accountSchema,
  apiKeyListSchema,
  apiKeySummarySchema,
  changePasswordSchema,
  createApiKeySchema,
  createdApiKeySchema,
  deleteAccountSchema,
} from "@/lib/account/schema";
import { accessTokenSchema, registeredUserSchema } from "@/lib/auth/responses";
import { characterListSchema, characterSchema } from "@/lib/characters/responses";
import { characterInputSchema, characterPatchSchema } from "@/lib/characters/schema";
import { credentialsSchema, registerSchema } from "@/lib/auth/schema";
import { errorBodySchema, internalErrorBodySchema, moderationErrorBodySchema } from "@/lib/http/error-body";
import { healthBodySchema } from "@/lib/http/health-body";
import { MAX_JSON_BODY_BYTES } from "@/lib/http/parse-json";
import { purgeResponseSchema } from "@/lib/retention/schema";
import { storyEventSchema } from "@/lib/stories/events";
import { idempotencyKeySchema } from "@/lib/stories/idempotency-key";
import { listStoriesQuerySchema } from "@/lib/stories/list-query";
import { storyListSchema, storySchema, storySummarySchema } from "@/lib/stories/responses";
import { storyRequestSchema } from "@/lib/stories/schema";
import { storyIdSchema } from "@/lib/stories/story-id";

export type JsonSchema = z.core.JSONSchema.JSONSchema;

export type OpenApiHeader = { description: string; required?: boolean; schema: JsonSchema };
export type OpenApiMediaType = { schema: JsonSchema; "x-event-schema"?: JsonSchema; example?: unknown };
export type OpenApiResponse = {
  description: string;
  headers?: Record<string, OpenApiHeader>;
  content?: Record<string, OpenApiMediaType>;
};
export type OpenApiParameter = {
  name: string;
  in: "query" | "path" | "header";
  description?: string;
  required: boolean;
  schema: JsonSchema;
};
export type OpenApiOperation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; description?: string; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse>;
};
export type HttpMethod = "get" | "post" | "patch" | "delete";
export type OpenApiPathItem = Partial<Record<HttpMethod, OpenApiOperation>>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; bearerFormat: string; description: string }>;
  };
};

type ComponentMeta = { id: string };

// Requests are documented as clients send them (before trims and defaults), responses as the server sends them.
const requestSchemas = z.registry<ComponentMeta>();
requestSchemas.add(storyRequestSchema, { id: "StoryRequest" });
requestSchemas.add(registerSchema, { id: "RegisterRequest" });
requestSchemas.add(credentialsSchema, { id: "Credentials" });
requestSchemas.add(characterInputSchema, { id: "CharacterRequest" });
requestSchemas.add(characterPatchSchema, { id: "CharacterPatch" });
requestSchemas.add(deleteAccountSchema, { id: "DeleteAccountRequest" });
requestSchemas.add(changePasswordSchema, { id: "ChangePasswordRequest" });
requestSchemas.add(createApiKeySchema, { id: "CreateApiKeyRequest" });

const responseSchemas = z.registry<ComponentMeta>();
responseSchemas.add(storySummarySchema, { id: "StorySummary" });
responseSchemas.add(storySchema, { id: "Story" });
responseSchemas.add(storyListSchema, { id: "StoryList" });
responseSchemas.add(characterSchema, { id: "Character" });
responseSchemas.add(characterListSchema, { id: "CharacterList" });
responseSchemas.add(accessTokenSchema, { id: "AccessToken" });
responseSchemas.add(registeredUserSchema, { id: "RegisteredUser" });
responseSchemas.add(errorBodySchema, { id: "Error" });
responseSchemas.add(moderationErrorBodySchema, { id: "ModerationError" });
responseSchemas.add(internalErrorBodySchema, { id: "InternalError" });
responseSchemas.add(healthBodySchema, { id: "Health" });
responseSchemas.add(accountSchema, { id: "Account" });
responseSchemas.add(accountExportSchema, { id: "AccountExport" });
responseSchemas.add(apiKeySummarySchema, { id: "ApiKey" });
responseSchemas.add(createdApiKeySchema, { id: "CreatedApiKey" });
responseSchemas.add(apiKeyListSchema, { id: "ApiKeyList" });
responseSchemas.add(purgeResponseSchema, { id: "PurgeResult" });
responseSchemas.add(storyEventSchema, { id: "StoryEvent" });
for (const event of storyEventSchema.options) {
  const type = event.shape.type.value;
  responseSchemas.add(event, { id: `${type[0]?.toUpperCase()}${type.slice(1)}Event` });
}

const componentUri = (id: string) => `#/components/schemas/${id}`;
const ref = (id: string): JsonSchema => ({ $ref: componentUri(id) });

/** Schemas sit inside the document, which sets the dialect and their location: drop their own $schema and $id. */
function embedded(schema: JsonSchema): JsonSchema {
  const copy = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

function componentSchemas(registry: z.core.$ZodRegistry<ComponentMeta>, io: "input" | "output"): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: componentUri, target: "draft-2020-12" });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, embedded(schema)]));
}

function inlineSchema(schema: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  return embedded(z.toJSONSchema(schema, { io, target: "draft-2020-12" }));
}

const json = (id: string, description: string, headers?: Record<string, OpenApiHeader>): OpenApiResponse => ({
  description,
  ...(headers && { headers }),
  content: { "application/json": { schema: ref(id) } },
});

const retryAfter: Record<string, OpenApiHeader> = {
  "Retry-After": { description: "Seconds to wait before trying again.", required: true, schema: inlineSchema(z.int().min(0)) },
};

const errors = {
  badRequest: json("Error", "Invalid body, query or header (`details` lists each invalid field), or the body is not JSON."),
  unauthorized: json("Error", "Missing, malformed, expired or foreign bearer token (and no session cookie).", {
    "WWW-Authenticate": { description: "`Bearer`, with `error=\"invalid_token\"` when a token was sent.", schema: inlineSchema(z.string()) },
  }),
  forbidden: json("Error", "A cookie-authenticated write from another site (CSRF protection)."),
  notFound: json("Error", "The story does not exist or belongs to someone else."),
  wrongPassword: json("Error", "The password is wrong (`details` names the field); nothing changed."),
  limitsUnavailable: json("Error", "The limits service (Redis) did not answer; nothing was done. Try again shortly.", retryAfter),
  tooLarge: json("Error", `The body is larger than ${MAX_JSON_BODY_BYTES / 1024} KB.`),
  internal: json("InternalError", "Unexpected error; the details are in the server log under `request_id`."),
};

const jsonBody = (id: string) => ({ required: true, content: { "application/json": { schema: ref(id) } } });

const characterIdParameter: OpenApiParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The character's id. A malformed id answers 404.",
  schema: inlineSchema(z.uuid()),
};

const characterNotFound = json("Error", "The character does not exist or belongs to someone else.");
const characterModeration = {
  "422": json("ModerationError", "A field was flagged by moderation; nothing was saved."),
  "503": json("Error", "The safety check is unavailable; nothing was saved. Try again later.", retryAfter),
};

const storyIdParameter: OpenApiParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "The story's id. A malformed id answers 404.",
  schema: inlineSchema(storyIdSchema),
};

/** One parameter per field of a zod object schema, for query strings. */
function queryParameters(schema: z.ZodObject): OpenApiParameter[] {
  const { properties = {}, required = [] } = inlineSchema(schema, "input");
  return Object.entries(properties).flatMap(([name, property]) =>
    typeof property === "boolean"
      ? []
      : [{ name, in: "query" as const, required: required.includes(name), description: property.description, schema: property }],
  );
}

const SSE_EXAMPLE = [
  `data: {"type":"started","message":"Starting generation of 'Test Story'","model":"gpt-4o-mini"}`,
  `data: {"type":"content","data":"Once upon a time, "}`,
  `data: {"type":"completed","story_id":"3f2b8c1e-6a0d-4c7e-9b1a-2d5e8f0a4b6c","message":"Story generated and saved successfully","story_length":1234}`,
  "",
].join("\n\n");

const generateStream: OpenApiOperation = {
  operationId: "generateStoryStream",
  summary: "Generate a story, streamed as Server-Sent Events",
  description:
    "Validates the request, checks the caller's limits and the story inputs (moderation), then streams the story as it is written. " +
    "Each event is one `data: <json>` line followed by a blank line; `: keep-alive` comment lines are heartbeats. " +
    "The story is saved before `completed` is sent; after an `error` event, or if the client disconnects, nothing is saved. " +
    "With `character_ids`, your saved characters join the story; with `continues_story_id`, it is the next chapter of that story's series, " +
    "and the model is given the series memory (chapter summaries, folded so the prompt stays the same size, and the end of the previous chapter). " +
    "Characters and memory reach the model only as data. After `completed`, the chapter's summary is written in the background. " +
    "With moderation on, story text is held back until checked (MODERATION_STREAM=hold, the default): each `content` event is one release unit, " +
    "a sentence (the first may be a short clause), sent once the children's safety check of that unit, with the unit before it as context, has passed; " +
    "units are sent strictly in order, about one moderation round trip after the model finishes each. On a flag the model is stopped and the stream ends " +
    "with an `error` event carrying `reason: \"unsafe\"`; nothing of the flagged unit or after it is sent. With MODERATION_STREAM=async, text is sent as generated " +
    "and checked alongside, and a flag's `error` event carries `withdraw: true`. The concatenation of the `content` events is always exactly the saved story.",
  tags: ["Stories"],
  parameters: [
    {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description:
        "Makes retries safe. A repeat with the same key by the same user gets 409 while the first generation runs, " +
        "the saved story again after it completed (`started`, the whole text as one `content` event, and `completed` with the same `story_id`; no second model call, row or count against the limits), " +
        "and a fresh generation after it failed or was aborted.",
      schema: inlineSchema(idempotencyKeySchema),
    },
  ],
  requestBody: jsonBody("StoryRequest"),
  responses: {
    "200": {
      description: "The event stream. Each `data:` line holds one `StoryEvent` (`x-event-schema`).",
      headers: {
        "Cache-Control": { description: "`no-cache, no-transform`", schema: inlineSchema(z.string()) },
        "X-Accel-Buffering": { description: "`no`: proxies must not buffer the stream.", schema: inlineSchema(z.string()) },
      },
      content: {
        "text/event-stream": {
          schema: inlineSchema(z.string().meta({ description: "Server-Sent Events: `data: <StoryEvent JSON>` lines." })),
          "x-event-schema": ref("StoryEvent"),
          example: SSE_EXAMPLE,
        },
      },
    },
    "400": errors.badRequest,
    "401": errors.unauthorized,
    "403": errors.forbidden,
    "404": json("Error", "A `character_ids` entry or `continues_story_id` is not one of yours (`details` names the field); nothing was generated."),
    "409": json("Error", "A generation with this Idempotency-Key is still running."),
    "413": errors.tooLarge,
    "422": json("ModerationError", "The story inputs were flagged by moderation; nothing was generated."),
    "429": json("Error", "Over the per-user rate or concurrency limit; nothing was generated.", retryAfter),
    "500": errors.internal,
    "503": json("Error", "The safety check or the limits service is unavailable, this instance already streams MAX_INFLIGHT_GENERATIONS stories, or the server is shutting down; try again later.", retryAfter),
  },
};

const paths: Record<string, OpenApiPathItem> = {
  "/api/v1/auth/register": {
    post: {
      operationId: "register",
      summary: "Create an account",
      tags: ["Accounts"],
      security: [],
      requestBody: jsonBody("RegisterRequest"),
      responses: {
        "201": json("RegisteredUser", "The account was created."),
        "400": json("Error", "Invalid body, or a password on the list of the most common ones (`details` names the field)."),
        "409": json("Error", "An account with this email already exists."),
        "413": errors.tooLarge,
        "429": json("Error", "Too many registrations from this address, or over the hourly ceiling for everyone.", retryAfter),
        "500": errors.internal,
        "503": errors.limitsUnavailable,
      },
    },
  },
  "/api/v1/auth/token": {
    post: {
      operationId: "issueToken",
      summary: "Exchange email and password for a bearer token",
      tags: ["Accounts"],
      security: [],
      requestBody: jsonBody("Credentials"),
      responses: {
        "200": json("AccessToken", "A signed access token."),
        "400": errors.badRequest,
        "401": json("Error", "Wrong email or password."),
        "413": errors.tooLarge,
        "429": json("Error", "Too many failed sign-ins for this account from this address, or from this address overall.", retryAfter),
        "500": errors.internal,
        "503": errors.limitsUnavailable,
      },
    },
    delete: {
      operationId: "revokeToken",
      summary: "Revoke the access token sent with this request",
      tags: ["Accounts"],
      responses: {
        "204": { description: "Revoked: the token gets 401 from now on." },
        "400": json("Error", "The request was not authenticated with an access token (an API key or a session cookie)."),
        "401": errors.unauthorized,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/account": {
    get: {
      operationId: "getAccount",
      summary: "Your account",
      tags: ["Account"],
      responses: { "200": json("Account", "The account."), "401": errors.unauthorized, "500": errors.internal },
    },
    delete: {
      operationId: "deleteAccount",
      summary: "Delete your account and everything in it",
      description:
        "Erases the account, its stories, API keys, revoked-token records, idempotency keys, stream slots and the limit counters " +
        "that name it, in one transaction. Its tokens, API keys and sessions get 401 at once; a story being written ends with an " +
        "`error` event and is not saved; the email can register again.",
      tags: ["Account"],
      requestBody: jsonBody("DeleteAccountRequest"),
      responses: {
        "204": { description: "Deleted." },
        "400": errors.badRequest,
        "401": errors.unauthorized,
        "403": errors.wrongPassword,
        "413": errors.tooLarge,
        "429": json("Error", "Too many wrong passwords (counted with sign-ins).", retryAfter),
        "500": errors.internal,
        "503": errors.limitsUnavailable,
      },
    },
  },
  "/api/v1/account/export": {
    get: {
      operationId: "exportAccount",
      summary: "Download your account and every story as JSON",
      tags: ["Account"],
      responses: {
        "200": {
          description: "A JSON download (`Content-Disposition: attachment`), in the API's own shapes.",
          headers: { "Content-Disposition": { description: '`attachment; filename="storystream-export-<date>.json"`', schema: inlineSchema(z.string()) } },
          content: { "application/json": { schema: ref("AccountExport") } },
        },
        "401": errors.unauthorized,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/account/password": {
    post: {
      operationId: "changePassword",
      summary: "Change your password; every earlier token and session is revoked",
      tags: ["Account"],
      requestBody: jsonBody("ChangePasswordRequest"),
      responses: {
        "204": { description: "Changed. Sign in again with the new password." },
        "400": json("Error", "Invalid body, or a new password on the list of the most common ones."),
        "401": errors.unauthorized,
        "403": errors.wrongPassword,
        "413": errors.tooLarge,
        "429": json("Error", "Too many wrong passwords (counted with sign-ins).", retryAfter),
        "500": errors.internal,
        "503": errors.limitsUnavailable,
      },
    },
  },
  "/api/v1/account/sessions": {
    delete: {
      operationId: "signOutEverywhere",
      summary: "Sign out everywhere: revoke every access token and session (API keys stay)",
      tags: ["Account"],
      responses: { "204": { description: "Revoked." }, "401": errors.unauthorized, "403": errors.forbidden, "500": errors.internal },
    },
  },
  "/api/v1/api-keys": {
    get: {
      operationId: "listApiKeys",
      summary: "Your API keys (never the keys themselves)",
      tags: ["Account"],
      responses: { "200": json("ApiKeyList", "Newest first."), "401": errors.unauthorized, "500": errors.internal },
    },
    post: {
      operationId: "createApiKey",
      summary: "Create an API key; the key is shown only in this response",
      tags: ["Account"],
      requestBody: jsonBody("CreateApiKeyRequest"),
      responses: {
        "201": json("CreatedApiKey", "The new key. Only its hash is stored."),
        "400": errors.badRequest,
        "401": errors.unauthorized,
        "413": errors.tooLarge,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/api-keys/{id}": {
    delete: {
      operationId: "deleteApiKey",
      summary: "Revoke an API key",
      tags: ["Account"],
      parameters: [{ name: "id", in: "path", required: true, description: "The key's id.", schema: inlineSchema(z.uuid()) }],
      responses: {
        "204": { description: "Revoked: the key gets 401 from now on." },
        "401": errors.unauthorized,
        "404": json("Error", "No such key of yours."),
        "500": errors.internal,
      },
    },
  },
  "/api/v1/stories/generate-stream/": { post: generateStream },
  "/api/v1/stories/": {
    get: {
      operationId: "listStories",
      summary: "List your stories, newest first",
      tags: ["Stories"],
      parameters: queryParameters(listStoriesQuerySchema),
      responses: {
        "200": json("StoryList", "One page of stories, without their text."),
        "400": errors.badRequest,
        "401": errors.unauthorized,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/stories/{id}/": {
    get: {
      operationId: "getStory",
      summary: "Read one of your stories, with its text",
      tags: ["Stories"],
      parameters: [storyIdParameter],
      responses: {
        "200": json("Story", "The story."),
        "401": errors.unauthorized,
        "404": errors.notFound,
        "500": errors.internal,
      },
    },
    delete: {
      operationId: "deleteStory",
      summary: "Delete one of your stories",
      tags: ["Stories"],
      parameters: [storyIdParameter],
      responses: {
        "204": { description: "Deleted." },
        "401": errors.unauthorized,
        "403": errors.forbidden,
        "404": errors.notFound,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/characters/": {
    get: {
      operationId: "listCharacters",
      summary: "List your saved characters",
      tags: ["Characters"],
      responses: {
        "200": json("CharacterList", "Your characters, oldest first."),
        "401": errors.unauthorized,
        "500": errors.internal,
      },
    },
    post: {
      operationId: "createCharacter",
      summary: "Save a character for your stories",
      description: "Every text field is checked by moderation before the character is saved.",
      tags: ["Characters"],
      requestBody: jsonBody("CharacterRequest"),
      responses: {
        "201": json("Character", "The saved character."),
        "400": errors.badRequest,
        "401": errors.unauthorized,
        "403": errors.forbidden,
        "409": json("Error", "The account already has the most characters it may keep (50)."),
        "413": errors.tooLarge,
        ...characterModeration,
        "500": errors.internal,
      },
    },
  },
  "/api/v1/characters/{id}/": {
    get: {
      operationId: "getCharacter",
      summary: "Read one of your characters",
      tags: ["Characters"],
      parameters: [characterIdParameter],
      responses: {
        "200": json("Character", "The character."),
        "401": errors.unauthorized,
        "404": characterNotFound,
        "500": errors.internal,
      },
    },
    patch: {
      operationId: "updateCharacter",
      summary: "Change some of a character's fields",
      description: "Stories already written keep the character as it was when they were written.",
      tags: ["Characters"],
      parameters: [characterIdParameter],
      requestBody: jsonBody("CharacterPatch"),
      responses: {
        "200": json("Character", "The updated character."),
        "400": errors.badRequest,
        "401": errors.unauthorized,
        "403": errors.forbidden,
        "404": characterNotFound,
        "413": errors.tooLarge,
        ...characterModeration,
        "500": errors.internal,
      },
    },
    delete: {
      operationId: "deleteCharacter",
      summary: "Delete one of your characters",
      description: "Stories that used it stay readable: they keep the character's name and description as they were written.",
      tags: ["Characters"],
      parameters: [characterIdParameter],
      responses: {
        "204": { description: "Deleted." },
        "401": errors.unauthorized,
        "403": errors.forbidden,
        "404": characterNotFound,
        "500": errors.internal,
      },
    },
  },
  "/api/health": {
    get: {
      operationId: "health",
      summary: "Check that the app and its database answer",
      tags: ["Operations"],
      security: [],
      responses: {
        "200": json("Health", "The database answered."),
        "503": json("Health", "The database did not answer."),
      },
    },
  },
  "/api/cron/purge": {
    get: {
      operationId: "purgeExpiredData",
      summary: "Run the retention purge (Vercel Cron)",
      description:
        "Deletes stories older than `STORY_RETENTION_DAYS` and expired limit counters, idempotency keys, revoked-token ids and stream slots. " +
        "Authenticated with `Authorization: Bearer <CRON_SECRET>`, not with a user's token.",
      tags: ["Operations"],
      security: [],
      responses: {
        "200": json("PurgeResult", "How many rows of each kind were deleted."),
        "401": json("Error", "The CRON_SECRET bearer is missing or wrong."),
        "503": json("Error", "CRON_SECRET is not set on this deployment."),
        "500": errors.internal,
      },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "openApiDocument",
      summary: "This OpenAPI document",
      tags: ["Operations"],
      security: [],
      responses: {
        "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: inlineSchema(z.object({ openapi: z.string() }).loose()) } } },
      },
    },
  },
};

function buildOpenApiDocument(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "StoryStream API",
      version: "1.0.0",
      description:
        "Stories for families, streamed word by word as Server-Sent Events. Authenticate with `POST /api/v1/auth/token` " +
        "and send `Authorization: Bearer <access_token>` (or an API key); the site's own pages use the session cookie instead. " +
        "URLs answer with and without the trailing slash. Every non-streaming error is JSON `{error, details?}`.",
    },
    tags: [
      { name: "Accounts", description: "Registration and bearer tokens." },
      { name: "Account", description: "Your data: read, export, delete; password, sessions and API keys." },
      { name: "Stories", description: "Generate, list, read and delete your stories." },
      { name: "Characters", description: "Your family's recurring characters, for `character_ids` in a story request." },
      { name: "Operations", description: "Health and this document." },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: { ...componentSchemas(requestSchemas, "input"), ...componentSchemas(responseSchemas, "output") },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT or API key",
          description: "The `access_token` from `POST /api/v1/auth/token`, or an API key (`ssk_…`) from `POST /api/v1/api-keys`.",
        },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document, generated from the zod schemas the routes validate and answer with. */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
