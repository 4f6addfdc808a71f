import type { HostUi } from '../host';
import type { Command, CommandTarget } from './command';

/** `atpProxy.reveal` (tree only): opens the manifest at the row's range. */
export class RevealCommand implements Command {
  readonly id = 'atpProxy.reveal';
  constructor(private readonly ui: Pick<HostUi, 'reveal'>) {}

  async execute(target: CommandTarget): Promise<void> {
    if (!target) return;
    await this.ui.reveal(target.uri, target.node?.offset, target.node?.length);
  }
}
