import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: DefaultSession["user"] & { id: string; tokenVersion: number };
  }
  interface User {
    tokenVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's token version at sign-in; a later bump (password change, sign out everywhere) ends the session. */
    ver?: number;
  }
}
