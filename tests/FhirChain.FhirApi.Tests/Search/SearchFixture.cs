using System.Collections.Concurrent;
using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One dedicated server per database holding the fixed search data set
/// (Data/search-fixture.json, hand-made for this project), so expected matches are exact.
/// obs-deleted is deleted after loading and must never match.
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> servers = new();

    public Task<TestServer> GetAsync(DatabaseKind kind) =>
        servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => StartAsync(k))).Value;

    private static async Task<TestServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var bundle = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "search-fixture.json"));
        using var loaded = await client.PostAsync("/fhir", FhirHttp.Body(bundle, FhirHttp.Json));
        if (loaded.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Loading the search fixture failed ({(int)loaded.StatusCode}): {await loaded.Content.ReadAsStringAsync()}");
        }

        using var deleted = await client.DeleteAsync("/fhir/Observation/obs-deleted");
        if (!deleted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Deleting obs-deleted failed ({(int)deleted.StatusCode}).");
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
