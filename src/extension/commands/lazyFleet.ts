import type { Command, CommandTarget } from './command';

/** The Fleet view's commands (package.json contributes exactly these). */
export const FLEET_COMMAND_IDS = ['atpProxy.importFleet', 'atpProxy.openFleetReport', 'atpProxy.fleetFailuresOnly', 'atpProxy.fleetShowAll'] as const;
export type FleetCommandId = (typeof FLEET_COMMAND_IDS)[number];

/** Loads the Fleet commands (and view) on first need: registered at activation, their code kept out of extension.js. */
export type FleetCommandLoader = () => Promise<Record<FleetCommandId, Command>>;

/** A command whose implementation is loaded when it first runs. */
export class LazyCommand implements Command {
  constructor(
    readonly id: FleetCommandId,
    private readonly load: FleetCommandLoader,
  ) {}

  async execute(target: CommandTarget, ...args: unknown[]): Promise<unknown> {
    return (await this.load())[this.id].execute(target, ...args);
  }
}
