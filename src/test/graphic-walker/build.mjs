// Bundles page.jsx (and the example component it imports from etc/graphic-walker/) into <outdir>/app.js.
// Usage: node build.mjs <entry> <outdir>; run from the folder holding node_modules (GraphicWalkerBrowserIT
// copies package.json, package-lock.json and this file to target/graphic-walker/ and runs npm ci there).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
    console.error('usage: node build.mjs <entry> <outdir>');
    process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
await build({
    entryPoints: { app: entry },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    // The sources live outside this folder: resolve their bare imports from its node_modules.
    nodePaths: [join(here, 'node_modules')],
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
});
