/** The limit store could not be reached in time; limits then fail closed (503). */
export class LimitStoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitStoreUnavailableError";
  }
}
