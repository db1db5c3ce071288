import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { powertoolsTelemetry, withLambdaContext } from '../../../functions/common/telemetry';
import { lambdaContext } from '../../../local/handlers';

/** The JSON log lines Powertools wrote to stdout while `run` ran. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('withLambdaContext', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("puts each invocation's request id and the cold start on the handler's log lines", async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.stubEnv('POWERTOOLS_DEV', '');
    // As Lambda sets it for an on-demand execution environment (Powertools reads it at construction).
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const telemetry = powertoolsTelemetry('ingest', 'lechang');
    const handler = withLambdaContext(telemetry, async (event: { n: number }) => {
      telemetry.logger.info('handled', { n: event.n });
      return event.n;
    });
    const first = lambdaContext('budget-ingest') as unknown as Context;
    const second = lambdaContext('budget-ingest') as unknown as Context;
    const lines = await logLines(async () => {
      expect(await handler({ n: 1 }, first)).toBe(1);
      expect(await handler({ n: 2 }, second)).toBe(2);
    });
    expect(lines.map((line) => [line.message, line.function_request_id, line.cold_start])).toEqual([
      ['handled', first.awsRequestId, true],
      ['handled', second.awsRequestId, false],
    ]);
    expect(lines[0]).toMatchObject({ function_name: 'budget-ingest', service: 'ingest', n: 1 });
  });
});
