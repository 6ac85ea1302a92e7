import type { HttpMethod, OpenApiOperation } from "@/lib/openapi/document";
import { InlineCode } from "./inline-code";
import { SchemaView } from "./schema-view";

const METHOD_COLOURS: Record<HttpMethod, string> = {
  get: "bg-emerald-100 text-emerald-900",
  post: "bg-sky-100 text-sky-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-rose-100 text-rose-900",
};

/** One route and method: parameters, request body and every documented response. */
export function OperationView({ path, method, operation }: { path: string; method: HttpMethod; operation: OpenApiOperation }) {
  const authenticated = operation.security?.length !== 0;
  return (
    <section id={operation.operationId} className="rounded-lg border border-slate-200 p-4">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-base">
        <span className={`rounded px-2 py-0.5 text-xs font-bold uppercase ${METHOD_COLOURS[method]}`}>{method}</span>
        {path}
      </h3>
      <p className="mt-2 font-medium">{operation.summary}</p>
      {operation.description && <p className="mt-1 text-sm text-slate-700"><InlineCode text={operation.description} /></p>}
      <p className="mt-1 text-xs text-slate-500">{authenticated ? "Requires a bearer token." : "No authentication."}</p>

      {operation.parameters && operation.parameters.length > 0 && (
        <>
          <h4 className="mt-4 font-semibold">Parameters</h4>
          <ul className="mt-1 space-y-2 text-sm">
            {operation.parameters.map((parameter) => (
              <li key={`${parameter.in}-${parameter.name}`}>
                <code className="font-mono">{parameter.name}</code> ({parameter.in}
                {parameter.required ? ", required" : ""}) <InlineCode text={parameter.description ?? ""} />
                <SchemaView schema={parameter.schema} />
              </li>
            ))}
          </ul>
        </>
      )}

      {operation.requestBody && (
        <>
          <h4 className="mt-4 font-semibold">Request body</h4>
          {Object.entries(operation.requestBody.content).map(([mediaType, media]) => (
            <div key={mediaType}>
              <p className="text-xs text-slate-500">{mediaType}</p>
              <SchemaView schema={media.schema} />
            </div>
          ))}
        </>
      )}

      <h4 className="mt-4 font-semibold">Responses</h4>
      <dl className="mt-1 space-y-3 text-sm">
        {Object.entries(operation.responses).map(([status, response]) => (
          <div key={status}>
            <dt>
              <span className="font-mono font-bold">{status}</span> <InlineCode text={response.description} />
            </dt>
            <dd className="ml-6">
              {Object.entries(response.headers ?? {}).map(([name, header]) => (
                <p key={name} className="text-slate-600">
                  Header <code className="font-mono">{name}</code>: <InlineCode text={header.description} />
                </p>
              ))}
              {Object.entries(response.content ?? {}).map(([mediaType, media]) => (
                <div key={mediaType}>
                  <p className="text-xs text-slate-500">{mediaType}</p>
                  <SchemaView schema={media["x-event-schema"] ?? media.schema} />
                  {typeof media.example === "string" && (
                    <pre className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs">{media.example}</pre>
                  )}
                </div>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
