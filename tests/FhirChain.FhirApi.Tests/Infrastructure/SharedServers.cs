using System.Collections.Concurrent;

namespace FhirChain.FhirApi.Tests.Infrastructure;

/// <summary>
/// One server per database for the whole test run, for tests that only add data (each uses its own
/// ids and identifiers). Tests that tamper with storage or need an empty log start their own.
/// </summary>
public static class SharedServers
{
    private static readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> Servers = new();

    public static Task<TestServer> GetAsync(DatabaseKind kind) =>
        Servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => TestServer.StartAsync(k))).Value;
}
