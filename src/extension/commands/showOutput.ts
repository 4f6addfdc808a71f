import type { HostLog } from '../host';
import type { Command } from './command';

/** `atpProxy.showOutput`: reveals the extension's log (language server messages included). */
export class ShowOutputCommand implements Command {
  readonly id = 'atpProxy.showOutput';
  constructor(private readonly log: Pick<HostLog, 'show'>) {}

  execute(): void {
    this.log.show(false);
  }
}
