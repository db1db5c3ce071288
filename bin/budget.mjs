#!/usr/bin/env node
// `npx budget …`: runs the TypeScript CLI through tsx so the very same sources as the
// Lambda handlers are used, without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
