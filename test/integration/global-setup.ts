// Starts the real servers the integration tests talk to (OpenSearch, kinesalite, moto); filled in by the connector work.
export default async (): Promise<void> => {};
