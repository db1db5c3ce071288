/** Types of build-cli.mjs (plain JavaScript so that bin/budget.mjs can load it without tsx). */
export declare const PROJECT_ROOT: string;
export declare const CLI_BUNDLE: string;
export declare function buildCli(): Promise<string>;
export declare function isCliBundleFresh(): boolean;
export declare function manifestIsFresh(
  manifest: unknown,
  mtimeOf: (input: string) => number | null,
): boolean;
