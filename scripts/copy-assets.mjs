// Copies third-party browser files from node_modules into public/ so they are served as
// static assets without being committed by hand.
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
mkdirSync(`${root}public`, { recursive: true });
copyFileSync(`${root}node_modules/htmx.org/dist/htmx.min.js`, `${root}public/htmx.min.js`);
