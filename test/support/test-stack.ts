import { createTestDatabase, startApp, type AppServerKind, type TestApp, type TestDatabase } from "./app";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai";

export type TestStackOptions = {
  /** Start the OpenAI-compatible fake model server and point the app at it (default true). */
  upstream?: boolean;
  /**
   * The database: the run's default (TEST_DATABASE_URL, else embedded), always embedded, or a new
   * database on a server whose URL is known only once the file's own earlier hooks have run.
   */
  database?: { embedded?: boolean; serverUrl?: () => string };
  /** Start one app before the tests (default true); false when the tests start theirs with `startApp`. */
  start?: boolean;
  /** Environment of every app of the stack, over startApp's test defaults. */
  env?: Record<string, string>;
};

function notStarted(what: string): never {
  throw new Error(`${what} is not running: start the stack first (setUpTestApp starts it in a beforeAll)`);
}

/** The fake model server, a fresh database and the built app under `next start`, started and stopped together. */
export class TestStack {
  readonly #options: TestStackOptions;
  #upstream: FakeOpenAI | undefined;
  #database: TestDatabase | undefined;
  #apps: TestApp[] = [];

  constructor(options: TestStackOptions = {}) {
    this.#options = options;
  }

  get upstream(): FakeOpenAI {
    return this.#upstream ?? notStarted("the fake model server");
  }

  get database(): TestDatabase {
    return this.#database ?? notStarted("the test database");
  }

  /** The app started last. */
  get app(): TestApp {
    return this.#apps.at(-1) ?? notStarted("the app");
  }

  async start(): Promise<void> {
    if (this.#options.upstream !== false) this.#upstream = await startFakeOpenAI();
    this.#database = await createTestDatabase({ embedded: this.#options.database?.embedded, serverUrl: this.#options.database?.serverUrl?.() });
    if (this.#options.start !== false) await this.startApp();
  }

  /** Starts another app on this stack's database and model server, with `env` over the stack's; it stops with the stack. */
  async startApp(env: Record<string, string> = {}, { server }: { server?: AppServerKind } = {}): Promise<TestApp> {
    const app = await startApp({ database: this.database, upstreamURL: this.#upstream?.baseURL, env: { ...this.#options.env, ...env }, server });
    this.#apps.push(app);
    return app;
  }

  /** Stops every app started so far; the database and the model server stay. */
  async stopApps(): Promise<void> {
    const apps = this.#apps;
    this.#apps = [];
    await Promise.all(apps.map((app) => app.stop()));
  }

  async stop(): Promise<void> {
    await this.stopApps();
    await this.#upstream?.close();
    await this.#database?.drop();
  }
}
