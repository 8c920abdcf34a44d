using System.Collections.Concurrent;
using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One dedicated server per database, started on first use, holding a transaction Bundle from
/// Search/Data (<paramref name="file"/>); disposed with the test class.
/// </summary>
public abstract class BundleFileFixture(string file) : IAsyncLifetime
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> servers = new();

    public Task<TestServer> GetAsync(DatabaseKind kind) =>
        servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => StartAsync(k))).Value;

    private async Task<TestServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var bundle = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Search", "Data", file));
        using var loaded = await client.PostAsync("/fhir", FhirHttp.Body(bundle, FhirHttp.Json));
        if (loaded.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Loading {file} failed ({(int)loaded.StatusCode}): {await loaded.Content.ReadAsStringAsync()}");
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
