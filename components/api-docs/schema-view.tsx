import type { JsonSchema } from "@/lib/openapi/document";
import { InlineCode } from "./inline-code";

type SchemaOrBoolean = JsonSchema | boolean;

const COMPONENT_PREFIX = "#/components/schemas/";

export const schemaAnchor = (name: string) => `schema-${name}`;

/** Length, range, format and default of a schema, in words. */
function constraints(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (schema.format) notes.push(schema.format);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    notes.push(`${schema.minLength ?? 0}-${schema.maxLength ?? "∞"} characters`);
  }
  const safeBound = (value: number | boolean | undefined) => typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  if (safeBound(schema.minimum) || safeBound(schema.maximum)) {
    notes.push(`${safeBound(schema.minimum) ? schema.minimum : "…"} to ${safeBound(schema.maximum) ? schema.maximum : "…"}`);
  }
  if (typeof schema.exclusiveMinimum === "number") notes.push(`> ${schema.exclusiveMinimum}`);
  if (schema.enum) notes.push(`one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`);
  if (schema.const !== undefined) notes.push(`always ${JSON.stringify(schema.const)}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  return notes;
}

function TypeName({ schema }: { schema: SchemaOrBoolean }) {
  if (typeof schema === "boolean") return <code>{schema ? "any" : "nothing"}</code>;
  if (schema.$ref?.startsWith(COMPONENT_PREFIX)) {
    const name = schema.$ref.slice(COMPONENT_PREFIX.length);
    return (
      <a className="font-mono text-sky-700 underline" href={`#${schemaAnchor(name)}`}>
        {name}
      </a>
    );
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    return (
      <span>
        {variants.map((variant, index) => (
          <span key={index}>
            {index > 0 && " | "}
            <TypeName schema={variant} />
          </span>
        ))}
      </span>
    );
  }
  if (schema.type === "array" && schema.items !== undefined && !Array.isArray(schema.items)) {
    return (
      <span>
        array of <TypeName schema={schema.items} />
      </span>
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return <code>{type}</code>;
}

/** A JSON Schema as a table of fields (objects) or a type with its constraints. */
export function SchemaView({ schema }: { schema: JsonSchema }) {
  const properties = schema.properties;
  if (!properties) {
    const notes = constraints(schema);
    return (
      <p className="text-sm">
        <TypeName schema={schema} />
        {notes.length > 0 && <span className="text-slate-600"> ({notes.join("; ")})</span>}
        {schema.description && <span className="text-slate-600"> <InlineCode text={schema.description} /></span>}
      </p>
    );
  }
  const required = new Set(schema.required ?? []);
  return (
    <table className="w-full text-left text-sm">
      <thead>
        <tr className="border-b border-slate-300">
          <th className="py-1 pr-4">Field</th>
          <th className="py-1 pr-4">Type</th>
          <th className="py-1">Notes</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(properties).map(([name, property]) => (
          <tr key={name} className="border-b border-slate-100 align-top">
            <td className="py-1 pr-4 font-mono">
              {name}
              {required.has(name) ? "" : "?"}
            </td>
            <td className="py-1 pr-4">
              <TypeName schema={property} />
            </td>
            <td className="py-1 text-slate-600">
              {typeof property === "boolean" ? "" : <InlineCode text={[...constraints(property), property.description ?? ""].filter(Boolean).join("; ")} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
