import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: NextAuthContext) {
  return NextAuth(getAuthOptions())(req, context);
}

export { handler as GET, handler as POST };

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
