import { getDb } from "@/lib/db/client";
import { Prisma, type User } from "@/lib/generated/prisma/client";

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists");
    this.name = "EmailTakenError";
  }
}

export async function createUser(data: { email: string; name?: string; passwordHash: string }): Promise<User> {
  const db = await getDb();
  try {
    return await db.user.create({ data: { email: data.email, name: data.name ?? null, passwordHash: data.passwordHash } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
    throw error;
  }
}

export async function findUserByEmail(email: string): Promise<User | null> {
  const db = await getDb();
  return db.user.findUnique({ where: { email } });
}
