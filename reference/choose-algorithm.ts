import type { ConvAlgorithm } from './conv-options.js';
import type { ConvGeometry } from './conv-geometry.js';

/**
 * The loops `auto` uses for a shape. im2col pays one copy of every patch per output row and wins
 * back when that copy is shared by several filters and the dot products are long (several
 * channels); direct loops win for one or two filters and for single-channel large kernels.
 */
export function chooseAlgorithm(requested: ConvAlgorithm, g: ConvGeometry): 'direct' | 'im2col' {
  if (requested !== 'auto') return requested;
  return g.Cout >= 4 && g.C >= 2 ? 'im2col' : 'direct';
}
