// Copies Swagger UI's files and the page's own script into ../kernel/docs/static, served by every service
// under /docs/assets/ (nothing is fetched from another host when an operator opens /docs).
import { copyFile, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "kernel", "docs", "static");
const dist = join(here, "node_modules", "swagger-ui-dist");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"]) {
  await copyFile(join(dist, file), join(out, file));
}
for (const file of ["docs.js", "docs.css"]) {
  await copyFile(join(here, "src", file), join(out, file));
}
console.log(`docs assets written to ${out}`);
