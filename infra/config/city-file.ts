import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type CityConfig, CityConfigError, citySchema } from './city-config';

/**
 * Reads one city's settings from a JSON file (`cdk synth|deploy -c cityFile=city.json`), so an
 * operator deploys a city without editing `infra/cities.ts`. Same schema as the city list; a
 * relative path is taken from the directory the command runs in.
 */
export function readCityFile(file: string, cwd = process.cwd()): CityConfig {
  const fullPath = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new CityConfigError(`cannot read city file ${file} (${fullPath}): ${reason}`);
  }
  let json: unknown;
  try {
    // A BOM is what Notepad writes at the start of a UTF-8 file; JSON.parse refuses it.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CityConfigError(`city file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = citySchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
    );
    throw new CityConfigError(`invalid city file ${file}:\n${problems.join('\n')}`);
  }
  return result.data;
}
