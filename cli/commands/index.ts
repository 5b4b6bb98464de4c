import type { Command } from 'commander';
import { register as registerReference } from './reference.js';
import { register as registerValidate } from './validate.js';
import { register as registerVariant } from './variant.js';

/** Every command registers itself on the program; add one line per command file. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [registerReference, registerValidate, registerVariant];
