import type { Db } from '../db/database.ts';
import type { EndpointDirectory } from '../shared/endpoint-directory.ts';
import { servingErrors } from './serving.errors.ts';
import * as store from './serving.store.ts';

/** Serving's endpoints as the directory that plans and metering look names and ids up in. */
export function endpointDirectory(db: Db): EndpointDirectory {
  return {
    async idOf(name) {
      const row = await store.findEndpointByName(db, name);
      if (!row) throw servingErrors.endpointNotFound(name);
      return row.id;
    },
    async namesOf(ids) {
      return new Map((await store.endpointsByIds(db, ids)).map((e) => [e.id, e.name]));
    },
    async servingVersion(modelVersionId) {
      return (await store.listEndpoints(db))
        .filter((e) => e.model_version_id === modelVersionId)
        .map((e) => e.name);
    },
  };
}
