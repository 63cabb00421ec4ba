// Every step page of every procedure in French: no text twice, every field
// labelled, errors that name their field (lib/procedure_pages.mjs).
import { procedurePagesTest } from './lib/procedure_pages.mjs';

procedurePagesTest('fr');
