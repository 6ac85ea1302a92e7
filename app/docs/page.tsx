import type { Metadata } from "next";
import { InlineCode } from "@/components/api-docs/inline-code";
import { OperationView } from "@/components/api-docs/operation-view";
import { SchemaView, schemaAnchor } from "@/components/api-docs/schema-view";
import { getOpenApiDocument, type HttpMethod } from "@/lib/openapi/document";

export const metadata: Metadata = { title: "API reference · StoryStream" };

const METHODS: HttpMethod[] = ["get", "post", "patch", "delete"];

/** The OpenAPI document, rendered on the server from the same object /api/v1/openapi.json serves. */
export default function ApiDocsPage() {
  const document = getOpenApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
  return (
    <main className="mx-auto max-w-4xl space-y-8 p-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold">{document.info.title}</h1>
        <p className="text-slate-700"><InlineCode text={document.info.description} /></p>
        <p className="text-sm">
          OpenAPI {document.openapi} document:{" "}
          <a className="text-sky-700 underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
        </p>
      </header>

      {document.tags.map((tag) => (
        <section key={tag.name} className="space-y-4">
          <h2 className="text-2xl font-semibold">{tag.name}</h2>
          <p className="text-slate-700">{tag.description}</p>
          {operations
            .filter(({ operation }) => operation.tags.includes(tag.name))
            .map(({ path, method, operation }) => (
              <OperationView key={`${method} ${path}`} path={path} method={method} operation={operation} />
            ))}
        </section>
      ))}

      <section className="space-y-4">
        <h2 className="text-2xl font-semibold">Schemas</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div key={name} id={schemaAnchor(name)} className="rounded-lg border border-slate-200 p-4">
            <h3 className="font-mono font-semibold">{name}</h3>
            {schema.description && <p className="text-sm text-slate-700"><InlineCode text={schema.description} /></p>}
            <SchemaView schema={schema} />
          </div>
        ))}
      </section>
    </main>
  );
}
