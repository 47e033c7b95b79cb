/**
 * Endpoints as the domains below serving see them: plans sells endpoints by id, metering
 * names them in usage reports, the registry refuses to delete a version an endpoint serves.
 * The `endpoints` table is serving's, and serving sits above those domains (a customer's call
 * asks metering, which asks plans for the call's product), so serving hands this directory to
 * the context at start (`ctx.endpoints`) instead of them importing serving.
 */
export interface EndpointDirectory {
  /** The id of the endpoint with this name; throws `serving.endpoint_not_found`. */
  idOf(name: string): Promise<string>;
  /**
   * The id a product sells under this name: an endpoint's, or an upstream model's (a model the
   * gateway sells through providers); throws `serving.endpoint_not_found` for neither.
   */
  sellableIdOf(name: string): Promise<string>;
  /** Names of the endpoints (and upstream models) with these ids (unknown ids are left out). */
  namesOf(ids: string[]): Promise<Map<string, string>>;
  /** Names of the endpoints that serve this model version (main, canary or shadow), by name. */
  servingVersion(modelVersionId: string): Promise<string[]>;
  /** Where an endpoint's calls go now, aliases resolved; throws `serving.endpoint_not_found`. */
  traffic(name: string): Promise<EndpointTraffic>;
}

/** An endpoint's versions as monitoring and the upgrade loop see them (ids of model versions). */
export interface EndpointTraffic {
  id: string;
  name: string;
  status: string;
  /** The main version (null: its alias points at no version now). */
  primary: string | null;
  /** The alias the main version is followed by, or null when pinned. */
  alias: string | null;
  canary: { versionId: string; percent: number; since: string } | null;
  shadow: { versionId: string; percent: number; since: string } | null;
}
