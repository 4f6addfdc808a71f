// The Fleet view, its model and commands, built together in a chunk loaded after activate() returns.
import { createFleetCommands } from '../commands/fleet';
import type { Command } from '../commands/command';
import type { FleetCommandId } from '../commands/lazyFleet';
import type { Disposable, ExtensionHost } from '../host';
import { FleetModel } from './fleetModel';
import { createFleetView } from './fleetTreeProvider';
import { createVsCodeFleetHost } from './vscodeFleetHost';

/** Creates the Fleet view and returns its commands and what to dispose. */
export function startFleet(host: Pick<ExtensionHost, 'window' | 'progress'>): { commands: Record<FleetCommandId, Command>; disposables: Disposable[] } {
  const fleetHost = createVsCodeFleetHost();
  const model = new FleetModel(fleetHost);
  return { commands: createFleetCommands({ model, host: fleetHost }, host), disposables: [fleetHost, model, ...createFleetView(model)] };
}
