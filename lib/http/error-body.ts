export type FieldMessage = { field: string; message: string };

const field = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined);

/** Reads the API's `{ error, details? }` error body, whatever JSON actually came back. */
export function parseErrorBody(body: unknown): { message: string; details: FieldMessage[] } {
  const error = field(body, "error");
  const details = field(body, "details");
  const list = Array.isArray(details)
    ? details.flatMap((detail: unknown) => {
        const name = field(detail, "field");
        const message = field(detail, "message");
        return typeof name === "string" && typeof message === "string" ? [{ field: name, message }] : [];
      })
    : [];
  return { message: typeof error === "string" ? error : "", details: list };
}
