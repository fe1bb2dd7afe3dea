// Constants the build puts into the Worker's code (esbuild's define), not bindings: each use
// is replaced by its value when the Worker is bundled, so code behind a false one is dropped.

/**
 * Whether this build carries the Newbook and resOS simulators. False in wrangler.toml's
 * [define], so `wrangler deploy` bundles none of their code; true where the site runs
 * locally: `npm start` passes `--define SIMULATORS_BUNDLED:true` to wrangler dev, and the
 * workerd tests set it in vitest.config.ts. At run time the SIMULATORS var still decides
 * whether a build that carries them serves them.
 */
declare const SIMULATORS_BUNDLED: boolean;
