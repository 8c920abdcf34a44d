using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>One server per database holding <see cref="OldCount"/> Observations of code dense-old, then <see cref="NewCount"/> newer ones of code dense-new.</summary>
public sealed class DensePagingFixture : IAsyncLifetime
{
    public const int OldCount = 2_150;
    public const int NewCount = 2_050;
    private readonly Dictionary<DatabaseKind, Lazy<Task<TestServer>>> servers = Databases.Kinds.ToDictionary(k => k, k => new Lazy<Task<TestServer>>(() => StartAsync(k)));

    public Task<TestServer> GetAsync(DatabaseKind kind) => servers[kind].Value;

    private static async Task<TestServer> StartAsync(DatabaseKind kind)
    {
        var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        await LoadAsync(client, "old-", "dense-old", OldCount);
        await LoadAsync(client, "new-", "dense-new", NewCount);
        return server;
    }

    private static async System.Threading.Tasks.Task LoadAsync(HttpClient client, string idPrefix, string code, int count)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            foreach (var i in chunk)
            {
                var observation = new Observation
                {
                    Id = $"{idPrefix}{i}",
                    Status = ObservationStatus.Final,
                    Code = new CodeableConcept("http://example.org/codes", code),
                    Value = new Quantity(i, "mg"),
                };
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    Resource = observation,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"Observation/{observation.Id}" },
                });
            }

            using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
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
