/** Types of bundle-options.mjs (plain JavaScript so that bin/budget.mjs can load it without tsx). */
export declare const ESM_REQUIRE_BANNER: string;
export declare const BUNDLE_OPTIONS: Readonly<{
  bundle: true;
  platform: 'node';
  format: 'esm';
  mainFields: string[];
  banner: { js: string };
  minifyWhitespace: true;
  minifySyntax: true;
  minifyIdentifiers: false;
  sourcemap: false;
  charset: 'utf8';
}>;
export declare const LAMBDA_TARGET: 'node22';
export declare const LOCAL_TARGET: 'node22';
export declare const FUNCTION_NODE_OPTIONS: Readonly<{ ingest: string[]; render: string[] }>;
