import { notFound } from "next/navigation";
import { connection } from "next/server";

/**
 * Any URL no page matches. Rendered per request so the 404 page carries the request's CSP nonce:
 * Next.js would otherwise serve its prerendered not-found file, whose scripts have none.
 */
export default async function MissingPage() {
  await connection();
  notFound();
}
