import type { Command } from 'commander';
import { registerDoctorCommand } from './doctor.ts';
import { registerHistoryCommands } from './history.ts';
import { registerListeningCommands } from './listening.ts';
import { registerResolveCommand } from './resolve.ts';
import { registerMatchCommands } from './match.ts';
import { registerServeCommand } from './serve.ts';
import { registerShowsSyncCommands } from './shows-sync.ts';
import { registerPlacesCommands } from './places.ts';
import { registerPlaylistCommands } from './playlist.ts';
import { registerShowsCommands } from './shows.ts';
import { registerSimCommand } from './sim.ts';

/** Each command group lives in its own file and registers itself here. */
export function registerCommands(program: Command): void {
  registerServeCommand(program);
  registerListeningCommands(program);
  registerDoctorCommand(program);
  registerHistoryCommands(program);
  registerResolveCommand(program);
  registerPlacesCommands(program);
  // `encore shows` (list, export) and `encore shows sync` share one command group.
  registerShowsCommands(program);
  registerShowsSyncCommands(program);
  registerMatchCommands(program);
  registerPlaylistCommands(program);
  registerSimCommand(program);
}
