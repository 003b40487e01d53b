// The kit's life scenarios (life.mjs) on the memory storage.
import { lifeOn } from './life.mjs';

lifeOn('memory');
