// Compile-time proof that the engine's schemas produce exactly the types the shared contract declares:
// the contract stays types only (no zod in the window), and a schema change that the contract does not
// follow fails the build here instead of surprising a face.
import type { CaseDefinition, FixAction } from '../../shared/doctor.js';
import type { Settings as SharedSettings } from '../../shared/settings.js';
import type { Action, Case } from './doctor/cases/case-schema.js';
import type { Settings } from './settings/settings.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type SettingsMatchContract = Assert<Same<Settings, SharedSettings>>;
export type CaseMatchesContract = Assert<Same<Case, CaseDefinition>>;
export type ActionMatchesContract = Assert<Same<Action, FixAction>>;
