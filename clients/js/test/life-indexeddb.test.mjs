// The kit's life scenarios (life.mjs) on the indexeddb storage.
import { lifeOn } from './life.mjs';

lifeOn('indexeddb');
