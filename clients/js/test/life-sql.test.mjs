// The kit's life scenarios (life.mjs) on the sql storage.
import { lifeOn } from './life.mjs';

lifeOn('sql');
