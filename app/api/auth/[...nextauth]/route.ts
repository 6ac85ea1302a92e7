import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, context: NextAuthContext) {
  return NextAuth(getAuthOptions())(req, context);
}

export { handler as GET, handler as POST };
