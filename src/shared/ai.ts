// AI diagnosis (issue 12) as every face sees it: the provider's status, the plan an AI proposed (only
// typed actions of ClawDoc's catalogue; anything else is rejected with its reason or kept as advice for a
// person), and what a call came to. Types only; the engine validates answers with zod (doctor/ai/answer.ts).
import type { FixAction } from './fix-action.js';

/** The name the OpenAI-compatible endpoint's API key is kept under with ClawDoc's secrets (`setSecret`). */
export const AI_KEY_SECRET = 'ai:apiKey';

export type AiProviderName = 'iflow' | 'claude' | 'codex' | 'command' | 'openai';

/** A part of the answer that was not accepted, and why. */
export interface AiRejection {
  /** What the AI sent (redacted, shortened). */
  item: string;
  reason: string;
}

/** An AI's diagnosis, validated: only catalogue actions, never a command to run. */
export interface AiPlan {
  provider: AiProviderName;
  /** The model, when the provider names it (openai, claude). */
  model?: string;
  at: number;
  durationMs: number;
  summary: string;
  rootCause: string;
  /** 0..1, as the AI judged it. */
  confidence: number;
  /** Typed actions of the catalogue, in the order the AI proposed them. */
  actions: FixAction[];
  /** For a person only: free-form steps and commands, never run by ClawDoc. */
  advice: string[];
  /** Actions or parts refused, with the reason. */
  rejected: AiRejection[];
}

/** Why an AI call gave no plan. */
export type AiErrorKind = 'not-configured' | 'missing' | 'not-logged-in' | 'rate-limited' | 'call-cap' | 'timeout' | 'invalid-answer' | 'failed';

/** One AI call: a plan, or an error meant for a person. */
export interface AiOutcome {
  ok: boolean;
  provider: AiProviderName | null;
  plan?: AiPlan;
  error?: string;
  errorKind?: AiErrorKind;
  /** The start of the raw answer (redacted), when it could not be used. */
  rawExcerpt?: string;
  durationMs: number;
}

/** `clawdoc ai test`: is the provider there, logged in, and answering? */
export interface AiProviderStatus {
  provider: AiProviderName | null;
  ok: boolean;
  message: string;
  errorKind?: AiErrorKind;
  /** The executable or endpoint used. */
  target?: string;
  callsLastHour: number;
  maxCallsPerHour: number;
  durationMs: number;
}
