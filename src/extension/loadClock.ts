// Imported first by main.ts, so this runs when the bundle's modules start to evaluate: the start of the
// code-loading figure the host tests and `npm run bench` report beside activate().
export const moduleLoadStarted = performance.now();
