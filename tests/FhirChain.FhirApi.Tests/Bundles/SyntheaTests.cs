using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Bundles;

/// <summary>
/// Real-world transactions: the Synthea hospital and practitioner bundles, then patient bundles
/// (Samples/synthea, see SOURCES.md there), each 200 with every entry 201 and readable.
/// </summary>
public sealed class SyntheaTests
{
    private static readonly string SampleDirectory = Path.Combine(AppContext.BaseDirectory, "Samples", "synthea");

    private static readonly string[] Shared = ["hospitalInformation1559319163815.json", "practitionerInformation1559319163815.json"];

    private static IEnumerable<string> Patients => Directory.GetFiles(SampleDirectory, "*.json").Select(Path.GetFileName).Where(f => !Shared.Contains(f))!;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Every_synthea_bundle_loads_with_all_entries_created_and_readable(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var files = Shared.Concat(Patients.Order(StringComparer.Ordinal)).ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(4);

        foreach (var file in files)
        {
            var json = await File.ReadAllTextAsync(Path.Combine(SampleDirectory, file));
            using var response = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, "/fhir", content: FhirHttp.Body(json, FhirHttp.Json)));

            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{file}: {await response.Content.ReadAsStringAsync()}");
            var result = await response.ReadAsync<Bundle>();
            result.Type.ShouldBe(Bundle.BundleType.TransactionResponse);
            result.Entry.Count.ShouldBe(System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("entry").GetArrayLength(), file);
            result.Entry.ShouldAllBe(e => e.Response!.Status!.StartsWith("201"), file);
            foreach (var entry in result.Entry)
            {
                var location = new Uri(entry.Response!.Location!).AbsolutePath;
                using var read = await client.GetAsync(location);
                read.StatusCode.ShouldBe(HttpStatusCode.OK, location);
            }
        }

        var patients = await (await client.GetAsync("/fhir/Patient?_summary=count")).ReadAsync<Bundle>();
        patients.Total.ShouldBe(Patients.Count());
        var encounter = await (await client.GetAsync("/fhir/Encounter?_count=1")).ReadAsync<Bundle>();
        var subject = ((Encounter)encounter.Entry.Single().Resource!).Subject!.Reference!;
        subject.ShouldStartWith("Patient/");
        (await client.GetAsync($"/fhir/{subject}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
