import fs from 'node:fs';

// package.json is two levels above both src/server and dist/server.
const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const APP_VERSION: string = pkg.version;
