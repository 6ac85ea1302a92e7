import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";
import { withApi } from "@/lib/errors";
import { MAX_JSON_BODY_BYTES, readBodyText } from "@/lib/http/parse-json";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// next-auth reads the whole body itself; read it first under our cap (413) and hand it a copy.
async function handler(req: Request, context: NextAuthContext): Promise<Response> {
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : await readBodyText(req, MAX_JSON_BODY_BYTES);
  const bounded = new NextRequest(req.url, { method: req.method, headers: req.headers, body });
  return NextAuth(getAuthOptions())(bounded, context);
}

const wrapped = withApi(handler);
export { wrapped as GET, wrapped as POST };

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
