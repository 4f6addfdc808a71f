import { CliIO, processIO } from '../../../src/cli/io';

/** The real file system of the CLI with what the command printed recorded, for tests on real files. */
export class DiskIO implements CliIO {
  out = '';
  err = '';
  env: NodeJS.ProcessEnv = {};
  platform: NodeJS.Platform = 'linux';
  readFile = processIO.readFile;
  writeFile = processIO.writeFile;
  fileSize = processIO.fileSize;

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }
}
