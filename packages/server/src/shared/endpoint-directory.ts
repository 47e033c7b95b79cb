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
  /** Names of the endpoints with these ids (unknown ids are left out). */
  namesOf(ids: string[]): Promise<Map<string, string>>;
  /** Names of the endpoints that serve this model version, by name. */
  servingVersion(modelVersionId: string): Promise<string[]>;
}
