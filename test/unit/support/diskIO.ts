import { CliIO, processIO } from '../../../src/cli/io';

/**
 * The real file system of the CLI (sizes and file kinds included) with what the command printed recorded, for tests
 * on real files. `env` is what the command sees (an empty one unless the test gives one).
 */
export class DiskIO implements CliIO {
  out = '';
  err = '';
  readFile = processIO.readFile;
  writeFile = processIO.writeFile;
  fileSize = processIO.fileSize;
  fileKind = processIO.fileKind;

  constructor(
    public env: NodeJS.ProcessEnv = {},
    public platform: NodeJS.Platform = 'linux',
  ) {}

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }
}
