using System.Collections.Concurrent;
using System.Net;
using FhirChain.FhirApi.Hl7v2;
using FhirChain.FhirApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>One server per database with its MLLP listener on a free loopback port, shared by the MLLP tests.</summary>
internal static class MllpServers
{
    private static readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> Servers = new();

    public static Task<TestServer> GetAsync(DatabaseKind kind) =>
        Servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => TestServer.StartAsync(k, new Dictionary<string, string?>
        {
            ["Mllp:BindAnyFreePort"] = "true",
            ["Mllp:Address"] = "127.0.0.1",
        }))).Value;

    public static IPEndPoint EndpointOf(TestServer server) =>
        server.Services.GetRequiredService<MllpEndpoint>().Bound ?? throw new InvalidOperationException("The MLLP listener is not running.");
}
