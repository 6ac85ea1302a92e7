export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerServerLifecycle } = await import("@/lib/server/lifecycle");
    registerServerLifecycle();
    const { warmUp } = await import("@/lib/server/warm-up");
    void warmUp();
  }
}
