import type { Scenario } from './bot.js';
import type { ScenarioMix } from './run-load-test.js';

const SCENARIOS: readonly Scenario[] = ['echo', 'chat', 'game', 'idle'];

/** `echo=8,chat=1,game=1` (or `echo,game`: equal weights) → `{echo: 8, chat: 1, game: 1}`. */
export function parseMix(text: string): ScenarioMix {
  const mix: ScenarioMix = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, weight = '1'] = part.split('=');
    if (!SCENARIOS.includes(name as Scenario)) throw new Error(`unknown scenario "${name}" (expected ${SCENARIOS.join(', ')})`);
    const w = Number(weight);
    if (!Number.isFinite(w) || w < 0) throw new Error(`bad weight "${weight}" for ${name}`);
    mix[name as Scenario] = w;
  }
  if (!Object.values(mix).some((w) => w > 0)) throw new Error(`empty scenario mix "${text}"`);
  return mix;
}
