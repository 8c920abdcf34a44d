using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One dedicated server per database holding the Synthea sample bundles of Samples/synthea (see
/// SOURCES.md there): the hospital and practitioner bundles, then the two patient bundles, all
/// POSTed as transactions so the server assigns the ids. Each created resource is remembered under
/// the id it has in the sample file, so tests state their expectations with the files' ids.
/// </summary>
public sealed class SyntheaFixture : IAsyncLifetime
{
    public static readonly string[] Files =
    [
        "hospitalInformation1559319163815.json",
        "practitionerInformation1559319163815.json",
        "Agustin_Fonseca_cb5696d9-a0de-4f49-94f9-433f96a28eb0.json",
        "Gustavo_Mejia_59a8543c-e24f-4a01-b28b-47ccde6bc11d.json",
    ];

    private readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<SyntheaServer>>> servers = new();

    public Task<SyntheaServer> GetAsync(DatabaseKind kind) =>
        servers.GetOrAdd(kind, k => new Lazy<Task<SyntheaServer>>(() => StartAsync(k))).Value;

    private static async Task<SyntheaServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        var sampleIds = new Dictionary<string, string>(StringComparer.Ordinal);
        using var client = server.CreateClient();
        foreach (var file in Files)
        {
            var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "synthea", file));
            using var response = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, "/fhir", content: FhirHttp.Body(json, FhirHttp.Json)));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Loading {file} failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            }

            var result = await response.ReadAsync<Bundle>();
            using var sample = JsonDocument.Parse(json);
            var entries = sample.RootElement.GetProperty("entry").EnumerateArray().ToList();
            for (var i = 0; i < entries.Count; i++)
            {
                var resource = entries[i].GetProperty("resource");
                var location = new Uri(result.Entry[i].Response!.Location!).AbsolutePath.Split('/');
                sampleIds[$"{location[2]}/{location[3]}"] = resource.GetProperty("id").GetString()!;
            }
        }

        return new SyntheaServer(server, sampleIds);
    }

    public System.Threading.Tasks.Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        foreach (var server in servers.Values.Where(s => s.IsValueCreated))
        {
            await (await server.Value).Server.DisposeAsync();
        }
    }
}
