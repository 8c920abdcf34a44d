using System.Collections.Concurrent;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>One secured server per database for tests that only add data under their own ids.</summary>
public static class SecuredServers
{
    private static readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<SecuredServer>>> Servers = new();

    public static Task<SecuredServer> GetAsync(DatabaseKind kind) =>
        Servers.GetOrAdd(kind, k => new Lazy<Task<SecuredServer>>(() => SecuredServer.StartAsync(k))).Value;
}
