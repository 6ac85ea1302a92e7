import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { authenticate } from "./accounts";
import { safeReturnUrl } from "./return-path";
import { credentialsSchema } from "./schema";

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().authSecret,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const headers = new Headers();
          for (const [name, value] of Object.entries(req.headers ?? {})) if (typeof value === "string") headers.set(name, value);
          // A throttled account surfaces as the sign-in error message.
          const user = await authenticate({ ...parsed.data, ip: clientAddress(headers) });
          return user ? { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.ver = user.tokenVersion ?? 0;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.tokenVersion = token.ver ?? 0;
        }
        return session;
      },
      redirect({ url, baseUrl }) {
        return safeReturnUrl(url, baseUrl);
      },
    },
  };
}
