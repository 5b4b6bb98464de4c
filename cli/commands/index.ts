import type { Command } from 'commander';
import { register as registerReference } from './reference.js';
import { register as registerValidate } from './validate.js';
import { register as registerVariant } from './variant.js';
import { register as registerCheck } from './check.js';
import { register as registerGrade } from './grade.js';
import { register as registerMerge } from './merge.js';
import { register as registerGradescope } from './gradescope.js';
import { register as registerRegrade } from './regrade.js';
import { register as registerInit } from './init.js';

/** Every command registers itself on the program; add one line per command file. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [registerCheck, registerGrade, registerMerge, registerValidate, registerVariant, registerReference, registerGradescope, registerRegrade, registerInit];
