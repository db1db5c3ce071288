// Placeholder so the infrastructure can be bundled while the pipeline is being written.
export async function handler(_event: unknown): Promise<never> {
  throw new Error('handler not implemented yet');
}
