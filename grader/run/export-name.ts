import type { Language } from '../result.js';

/**
 * The name a submission exports for a student-API function: camelCase in TypeScript and
 * JavaScript, snake_case in Python (EXERCISES.md): `featureMapSize` → `feature_map_size`,
 * `conv2dBackward` → `conv2d_backward`.
 */
export function exportName(language: Language, camelName: string): string {
  return language === 'py' ? camelName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : camelName;
}
