import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

type Json = Record<string, unknown>;

/** Validates a document against the official OpenAPI schema of its version (3.1 included). */
export async function validateOpenApi(document: Json): Promise<{ valid: boolean; errors?: unknown; version: string }> {
  const validator = new Validator();
  const result = await validator.validate(document);
  return { ...result, version: validator.version };
}

const DOCUMENT_ID = "https://storystream.test/openapi.json";
// Top-level OpenAPI fields are not JSON Schema keywords; declaring them keeps ajv strict everywhere else.
const OPENAPI_FIELDS = ["openapi", "info", "tags", "security", "paths", "components", "servers", "jsonSchemaDialect", "webhooks", "externalDocs"];

/** Compiles schemas found by JSON pointer inside the document, so `#/components/...` refs resolve as the document says. */
export function documentSchemaValidator(document: Json): (pointer: string) => ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  for (const field of OPENAPI_FIELDS) ajv.addKeyword(field);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  return (pointer) => {
    const validate = ajv.getSchema(`${DOCUMENT_ID}#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
}

const escape = (segment: string) => segment.replaceAll("~", "~0").replaceAll("/", "~1");

/** The JSON pointer of a documented response body's schema. */
export function responseSchemaPointer(path: string, method: string, status: number, mediaType = "application/json"): string {
  return `/paths/${escape(path)}/${method}/responses/${status}/content/${escape(mediaType)}/schema`;
}
