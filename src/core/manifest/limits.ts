/** Default largest manifest the tools read (10 MB): a real one is a few KB; anything near this is a wrong path or hostile input. */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
