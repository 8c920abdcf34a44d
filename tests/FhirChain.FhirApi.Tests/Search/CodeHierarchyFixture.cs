using System.Collections.Concurrent;
using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One server per database holding Data/code-hierarchy.json (hand-made): a CodeSystem whose is-a
/// hierarchy comes from nested concepts and from parent/child properties, two CodeSystems whose
/// hierarchy cannot be used (part-of, a fragment), and Conditions coded in them, in another system
/// with the same codes, and in SNOMED CT (not stored).
/// </summary>
public sealed class CodeHierarchyFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> servers = new();

    public Task<TestServer> GetAsync(DatabaseKind kind) =>
        servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => StartAsync(k))).Value;

    private static async Task<TestServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var bundle = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "code-hierarchy.json"));
        using var loaded = await client.PostAsync("/fhir", FhirHttp.Body(bundle, FhirHttp.Json));
        if (loaded.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Loading the code hierarchy fixture failed ({(int)loaded.StatusCode}): {await loaded.Content.ReadAsStringAsync()}");
        }

        return server;
    }

    public System.Threading.Tasks.Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        foreach (var server in servers.Values.Where(s => s.IsValueCreated))
        {
            await (await server.Value).DisposeAsync();
        }
    }
}
