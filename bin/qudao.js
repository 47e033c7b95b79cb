#!/usr/bin/env node
// The `qudao` command: runs the TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../packages/cli/src/main.ts');
await main(process.argv);
