using System.Collections.Concurrent;
using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One dedicated server per database holding Data/combo-fixture.json: Observations whose codes and
/// values sit on the Observation, on its components or on both (a panel with component values, a
/// single value, a coded value, data absent on the Observation and on a component, a value and a
/// component value under different codes), for the <c>combo-*</c> parameters.
/// </summary>
public sealed class ComboFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<TestServer>>> servers = new();

    public Task<TestServer> GetAsync(DatabaseKind kind) =>
        servers.GetOrAdd(kind, k => new Lazy<Task<TestServer>>(() => StartAsync(k))).Value;

    private static async Task<TestServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var bundle = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Search", "Data", "combo-fixture.json"));
        using var loaded = await client.PostAsync("/fhir", FhirHttp.Body(bundle, FhirHttp.Json));
        if (loaded.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Loading the combo fixture failed ({(int)loaded.StatusCode}): {await loaded.Content.ReadAsStringAsync()}");
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
