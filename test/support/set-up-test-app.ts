import { afterAll, beforeAll } from "vitest";
import { TestStack, type TestStackOptions } from "./test-stack";

/** Starts `stack` before the file's (or describe block's) tests and stops it after them. */
export function setUpStack<Stack extends TestStack>(stack: Stack): Stack {
  beforeAll(() => stack.start());
  afterAll(() => stack.stop());
  return stack;
}

/** The usual integration test set-up: `const stack = setUpTestApp()`, then `stack.app.url`, `stack.upstream.requests`. */
export function setUpTestApp(options: TestStackOptions = {}): TestStack {
  return setUpStack(new TestStack(options));
}
