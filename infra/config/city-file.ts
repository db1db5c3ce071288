import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CitySettingsError, parseCitySettings } from '../../shared/city-settings';
import { type CityConfig, CityConfigError } from './city-config';

/**
 * The JSON of one city's settings file, as `cdk -c cityFile=` and local mode's `CITY_CONFIG` read
 * it: a relative path is taken from `cwd`, and a UTF-8 BOM (what Notepad writes) is skipped, since
 * JSON.parse refuses it. Throws a CityConfigError saying what is wrong with the file.
 */
export function readCitySettingsJson(file: string, cwd = process.cwd()): unknown {
  const fullPath = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new CityConfigError(`cannot read city file ${file} (${fullPath}): ${reason}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CityConfigError(`city file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * One city's settings from a JSON file (`cdk synth|deploy -c cityFile=city.json`), validated with
 * the one settings schema, so an operator deploys a city without editing `infra/cities.ts`.
 */
export function readCityFile(file: string, cwd = process.cwd()): CityConfig {
  const json = readCitySettingsJson(file, cwd);
  try {
    return parseCitySettings(json, `city file ${file}`);
  } catch (error) {
    if (error instanceof CitySettingsError) throw new CityConfigError(error.message, { cause: error });
    throw error;
  }
}
