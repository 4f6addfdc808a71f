import { CliIO } from '../../../src/cli/io';

/** A CLI IO over an in-memory file system that records what the command printed and wrote. */
export class MemoryIO implements CliIO {
  out = '';
  err = '';
  readonly files = new Map<string, string | Buffer>();
  readonly written = new Map<string, string | Buffer>();
  env: NodeJS.ProcessEnv = {};
  platform: NodeJS.Platform = 'linux';
  fileSize?: (path: string) => number;

  constructor(files: Record<string, string | Buffer> = {}) {
    for (const [name, content] of Object.entries(files)) this.files.set(name, content);
  }

  stdout(text: string): void {
    this.out += text;
  }

  stderr(text: string): void {
    this.err += text;
  }

  readFile(path: string): Buffer {
    const content = this.files.get(path);
    if (content === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  }

  writeFile(path: string, data: string | Buffer): void {
    this.files.set(path, data);
    this.written.set(path, data);
  }
}
