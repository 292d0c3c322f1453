package ai.nora.server.http;

import ai.nora.server.ApiKeys;
import ai.nora.server.ingest.IngestService;
import ai.nora.server.ingest.original.OriginalProtocolService;
import ai.nora.server.ingest.otlp.OtlpService;
import ai.nora.server.query.QueryService;
import ai.nora.server.storage.KeyStore;
import ai.nora.server.storage.Store;
import ai.nora.server.ui.UiSessions;
import java.util.function.Supplier;

/**
 * What the routes serve, built once by the server ({@code ServerApp}, where every part is made
 * and wired): the HTTP layer only parses, calls these and renders.
 *
 * @param ingest Nora's batched route
 * @param otlp OTLP spans and log records
 * @param original the original Nora protocol
 * @param query the read routes and scores
 * @param keys API keys: checking them
 * @param keyStore API keys: whether one is still valid (dashboard sessions end with their key)
 * @param sessions the dashboard's sign-ins
 * @param health the storage's health check ({@code /v1/health})
 */
public record Services(
    IngestService ingest,
    OtlpService otlp,
    OriginalProtocolService original,
    QueryService query,
    ApiKeys keys,
    KeyStore keyStore,
    UiSessions sessions,
    Supplier<Store.Check> health) {}
