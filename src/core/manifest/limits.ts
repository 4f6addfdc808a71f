/** Default largest manifest the tools read (10 MB): a real one is a few KB; anything near this is a wrong path or hostile input. */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;

/** What a path is, as far as reading it goes (from a stat that follows symbolic links). */
export type FileKind = 'file' | 'directory' | 'other';

/** What an input file is, as a size message names it: a manifest, or what `decode` and the imports read. */
export type InputKind = 'manifest' | 'SensorConfiguration.json' | '.reg export' | 'file of hex';

/** The kind of a file `decode` or an import reads, from its name: `.reg` an export, `.json` a sensor's configuration. */
export function inputKindOf(name: string): InputKind {
  if (/\.reg$/i.test(name)) return '.reg export';
  return /\.json$/i.test(name) ? 'SensorConfiguration.json' : 'file of hex';
}

/**
 * Why a path is not read as input (a manifest, a .reg export, a SensorConfiguration.json, a file of hex), or
 * undefined: only regular files are read, since a FIFO or a device (/dev/zero, /dev/stdin) blocks or never ends; and
 * only up to the size limit, named for the kind of file expected.
 */
export function inputFileProblem(name: string, kind: FileKind, size: number, input: InputKind = 'manifest'): string | undefined {
  if (kind === 'directory') return `cannot read ${name}: it is a directory`;
  if (kind === 'other') return `cannot read ${name}: it is not a regular file (a FIFO, socket or device would block or never end): give the path of a file`;
  if (size > MAX_MANIFEST_BYTES) {
    const mb = `${name} is ${(size / 1048576).toFixed(1)} MB`;
    return input === 'manifest'
      ? `${mb}, over the ${MAX_MANIFEST_BYTES / 1048576} MB manifest limit: a manifest is a few KB, check the path`
      : `${mb}, over the ${MAX_MANIFEST_BYTES / 1048576} MB limit for a ${input}: such a file is a few KB, check the path`;
  }
  return undefined;
}

/** The UTF-8 size of a text when it is over the manifest limit, else undefined (counted only when it could be). */
export function oversizedBytes(text: string): number | undefined {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: most texts are decided without counting.
  if (text.length * 3 <= MAX_MANIFEST_BYTES) return undefined;
  const bytes = text.length > MAX_MANIFEST_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  return bytes > MAX_MANIFEST_BYTES ? bytes : undefined;
}

/** What an editor says instead of validating a text over the limit. */
export function tooLargeMessage(bytes: number): string {
  return `This file is ${(bytes / 1048576).toFixed(1)} MB, over the ${MAX_MANIFEST_BYTES / 1048576} MB manifest limit, so it is not validated: a manifest is a few KB; check that this is the right file.`;
}
