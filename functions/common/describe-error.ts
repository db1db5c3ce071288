/** Errors as log attributes: name and message, never a payload that might hold row contents. */
export function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'unknown', message: String(error) };
}
